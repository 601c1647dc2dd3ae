using CredibilityApi.Data;
using FluentValidation;
using FluentValidation.Results;

namespace CredibilityApi.Http;

/// <summary>
/// How a request is checked: its validator for shape (pure, no database), then every id it names
/// through one resolver. The validation filter, the article import and the NDJSON import all
/// check requests this way, so they answer the same failures for the same request.
/// </summary>
public static class RequestCheck
{
    public static async Task<List<ValidationFailure>> ValidateAsync(
        object request, IValidator? validator, IReferenceResolver references, CancellationToken ct)
    {
        var failures = validator is null
            ? []
            : (await validator.ValidateAsync(new ValidationContext<object>(request), ct)).Errors;
        if (request is IReferencing referencing)
        {
            failures.AddRange(await MissingAsync(referencing, references, ct));
        }
        return failures;
    }

    /// <summary>A failure for every reference whose id does not exist.</summary>
    public static async Task<List<ValidationFailure>> MissingAsync(IReferencing request, IReferenceResolver references, CancellationToken ct)
    {
        var failures = new List<ValidationFailure>();
        foreach (var kind in request.References().GroupBy(r => r.Kind))
        {
            var existing = await references.ExistingAsync(kind.Key, [.. kind.Select(r => r.Id).Distinct()], ct);
            failures.AddRange(kind
                .Where(r => !existing.Contains(r.Id))
                .Select(r => new ValidationFailure(r.Field, $"must be the id of an existing {Name(kind.Key)}.")));
        }
        return failures;
    }

    private static string Name(ReferenceKind kind) => kind switch
    {
        ReferenceKind.Source => "source",
        ReferenceKind.Article => "article",
        _ => "claim",
    };
}

using FluentValidation;
using FluentValidation.Results;

namespace CredibilityApi.Http;

/// <summary>What a reference names: the table its id must be in.</summary>
public enum ReferenceKind
{
    Source,
    Article,
    Claim,
}

/// <summary>An id a request names in <paramref name="Field"/> (a validation path such as <c>Via[2]</c>).</summary>
public readonly record struct Reference(string Field, ReferenceKind Kind, long Id);

/// <summary>A request that names stored rows by id; <see cref="References"/> lists them, every one.</summary>
public interface IReferencing
{
    IEnumerable<Reference> References();
}

/// <summary>
/// Answers which ids exist. Over HTTP, the store answers (<see cref="Data.StoredReferences"/>); an
/// import also knows the rows of its own lines that are not committed yet.
/// </summary>
public interface IReferenceResolver
{
    Task<IReadOnlySet<long>> ExistingAsync(ReferenceKind kind, IReadOnlyCollection<long> ids, CancellationToken ct);
}

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

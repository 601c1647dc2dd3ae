using System.Reflection;
using System.Text;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Http;

/// <summary>
/// Runs the FluentValidation validator of every handler argument that has one, before the
/// handler. Failures become one 400 validation problem whose <c>errors</c> keys are the
/// camelCase paths of the fields (<c>aliases[0].language</c>).
/// </summary>
public static class ValidationFilter
{
    /// <summary>
    /// Validates the operations of this builder. Each operation states its own 400 where its
    /// conventions put it (<see cref="DeclareProblem"/>), so the OpenAPI document lists it exactly
    /// on the operations with a validated argument.
    /// </summary>
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(Validated.Marker));
        return builder.AddEndpointFilterFactory(Create);
    }

    /// <summary>
    /// A convention: declares the validation problem (400) on an operation this filter validates,
    /// that is one under <see cref="WithValidation"/> with an argument that has a validator.
    /// </summary>
    public static void DeclareProblem(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.Contains(Validated.Marker)
            && endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is { } method
            && ValidatedArguments(method, endpoint.ApplicationServices).Length > 0)
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        }
    }

    private static (int Index, Type ValidatorType)[] ValidatedArguments(MethodInfo method, IServiceProvider services) =>
        [.. method.GetParameters()
            .Select((parameter, index) => (index, typeof(IValidator<>).MakeGenericType(parameter.ParameterType)))
            .Where(p => services.GetService(p.Item2) is not null)];

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var validated = ValidatedArguments(context.MethodInfo, context.ApplicationServices);
        if (validated.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var http = invocation.HttpContext;
            List<ValidationFailure>? failures = null;
            foreach (var (index, validatorType) in validated)
            {
                var argument = invocation.Arguments[index];
                if (argument is null)
                {
                    continue;
                }
                var validator = (IValidator)http.RequestServices.GetRequiredService(validatorType);
                var found = await RequestCheck.ValidateAsync(
                    argument, validator, http.RequestServices.GetRequiredService<Data.StoredReferences>(), http.RequestAborted);
                if (found.Count > 0)
                {
                    (failures ??= []).AddRange(found);
                }
            }
            return failures is null ? await next(invocation) : Problem(failures);
        };
    }

    /// <summary>One validation problem for <paramref name="failures"/>, keyed by camelCase field path.</summary>
    public static ValidationProblem Problem(IEnumerable<ValidationFailure> failures) =>
        TypedResults.ValidationProblem(
            failures
                .GroupBy(f => CamelCasePath(f.PropertyName), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).ToArray(), StringComparer.Ordinal),
            title: "The request is not valid.");

    /// <summary><c>Aliases[0].Text</c> → <c>aliases[0].text</c>.</summary>
    public static string CamelCasePath(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "body";
        }
        var result = new StringBuilder(path.Length);
        var segmentStart = true;
        foreach (var c in path)
        {
            result.Append(segmentStart ? char.ToLowerInvariant(c) : c);
            segmentStart = c == '.';
        }
        return result.ToString();
    }
}

/// <summary>Endpoint metadata: the operation runs under <see cref="ValidationFilter"/>.</summary>
internal sealed class Validated
{
    public static readonly Validated Marker = new();

    private Validated()
    {
    }
}

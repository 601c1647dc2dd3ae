using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using CredibilityApi.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Http;

/// <summary>Every error leaves as an RFC 9457 problem document.</summary>
public static partial class Problems
{
    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] =
                Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures (malformed JSON, a wrong type in the query) throw, so the handler
        // below can name the field; otherwise they answer an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static ProblemHttpResult NotFound(string entity, long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {entity} has id {id}.");

    public static ProblemHttpResult StaleETag(string entity, long id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            title: $"The {entity} {id} has changed since you read it.",
            detail: "Read it again and retry with its current ETag in If-Match.");

    public static ProblemHttpResult Conflict(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] },
            title: "The request is not valid.");

    /// <summary>
    /// Turns the framework's binding failures into validation problems that name the field:
    /// the JSON path for a body that does not read, the parameter for a query or route value.
    /// </summary>
    private sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
        {
            if (StoreErrors.IsConstraint(exception))
            {
                // Validation checks references before writing; a row that vanished in between
                // (a concurrent delete) still gets a 409, not a 500.
                http.Response.StatusCode = StatusCodes.Status409Conflict;
                return await problems.TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    Exception = exception,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status409Conflict,
                        Title = "The write conflicts with the current data.",
                        Detail = "A referenced entity was removed or a duplicate was written meanwhile. Read again and retry.",
                    },
                });
            }
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            http.Response.StatusCode = bad.StatusCode;
            var problem = new HttpValidationProblemDetails { Status = bad.StatusCode };
            if (bad.StatusCode == StatusCodes.Status400BadRequest)
            {
                var (field, message) = Describe(bad);
                problem.Title = "The request is not valid.";
                problem.Errors[field] = [message];
            }
            else
            {
                problem.Title = bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "The request body has an unsupported media type.",
                    _ => "The request could not be read.",
                };
            }
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
        }

        private static (string Field, string Message) Describe(BadHttpRequestException bad)
        {
            if (bad.InnerException is JsonException json)
            {
                var path = json.Path is null or "$" ? "body" : JsonPathToField(json.Path);
                var message = json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                    ? "is not a field of this request."
                    : json.LineNumber is null && path == "body"
                        ? "must be a JSON document."
                        : "has a value of the wrong type or is not valid JSON.";
                return (path, message);
            }
            if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
            {
                return ("body", "is required.");
            }
            var parameter = ParameterName().Match(bad.Message);
            if (parameter.Success)
            {
                var name = ValidationFilter.CamelCasePath(parameter.Groups["name"].Value);
                return bad.Message.StartsWith("Required", StringComparison.Ordinal)
                    ? (name == "request" ? "body" : name, "is required.")
                    : (name, "has a value of the wrong type.");
            }
            return ("body", "could not be read.");
        }

        // "$.aliases[0].text" → "aliases[0].text"; "$['odd key']" → "odd key"
        private static string JsonPathToField(string path)
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
            return field.Length == 0 ? "body" : field.Replace("['", string.Empty, StringComparison.Ordinal)
                .Replace("']", string.Empty, StringComparison.Ordinal);
        }

        // Failed to bind parameter "int? limit" from "abc". / Required parameter "string name" was not provided ...
        [GeneratedRegex("parameter \"(?:[^\"]*[ .])?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"", RegexOptions.CultureInvariant)]
        private static partial Regex ParameterName();
    }
}

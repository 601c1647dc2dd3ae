using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CredibilityApi.Http;

/// <summary>
/// The one reader of request bodies, run after authorization and before any endpoint (so before the
/// framework binds a JSON body). For every operation that takes a body it checks the Content-Type:
/// the operation's media type, and UTF-8, however the charset is spelled (<c>utf-8</c>, <c>UTF8</c>,
/// <c>"utf-8"</c>; <c>us-ascii</c>, a subset, is read as UTF-8); anything else is a 415 problem.
/// </summary>
public static class RequestBodies
{
    private static readonly string[] Utf8Names = ["utf-8", "utf8", "us-ascii"];

    public static WebApplication UseRequestBodies(this WebApplication app)
    {
        var contracts = new ConcurrentDictionary<Endpoint, BodyContract?>();
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint() is not { } endpoint || contracts.GetOrAdd(endpoint, Contract) is not { } contract
                || (http.Request.ContentType is null && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false))
            {
                // No body to read (a bodiless request is the handler's or the binder's to refuse).
                await next(http);
                return;
            }
            if (Refusal(http.Request, contract) is { } refused)
            {
                await refused.ExecuteAsync(http);
                return;
            }
            if (contract.Bound is null)
            {
                await next(http);
                return;
            }
            // The charset is settled: the binder reads the bytes as UTF-8 (it would fail on "UTF8" or a quoted name).
            http.Request.ContentType = MediaTypeHeaderValue.Parse(http.Request.ContentType).MediaType.ToString();
            await next(http);
        });
        return app;
    }

    /// <summary>
    /// What an operation's body must be: the media types its handler reads (JSON ones for a bound body,
    /// which takes any <c>+json</c> type as the binder does) and, when the framework binds it, its type.
    /// </summary>
    private sealed record BodyContract(IReadOnlyList<string> MediaTypes, Type? Bound)
    {
        public bool Takes(MediaTypeHeaderValue type) =>
            MediaTypes.Any(m => type.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase))
            || (Bound is not null && type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    private static BodyContract? Contract(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<TextBodyMetadata>() is { } text)
        {
            return new BodyContract([text.MediaType], null);
        }
        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { RequestType: { } type } accepts)
        {
            return null;
        }
        // A body the handler takes as a parameter is bound by the framework; otherwise the handler reads it.
        var bound = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .Any(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) == type) == true;
        return new BodyContract([.. accepts.ContentTypes], bound ? type : null);
    }

    private static ProblemHttpResult? Refusal(HttpRequest request, BodyContract contract)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !contract.Takes(type))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: $"The request body must be {string.Join(" or ", contract.MediaTypes)}.");
        }
        var charsets = type.Parameters.Where(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).ToList();
        if (charsets.Count > 1 || (charsets.Count == 1 && !IsUtf8(charsets[0].Value.Value)))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The request body must be UTF-8.",
                detail: "Send charset=utf-8 (or utf8, quoted or not, in any case) or no charset at all.");
        }
        return null;
    }

    private static bool IsUtf8(string? charset) =>
        charset is not null
        && Utf8Names.Contains(HeaderUtilities.RemoveQuotes(charset).ToString(), StringComparer.OrdinalIgnoreCase);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CredibilityApi.Http;

/// <summary>
/// The one reader of request bodies, run after authorization and before any endpoint (so before the
/// framework binds a JSON body). For every operation that takes a body it checks the Content-Type:
/// the operation's media type, and UTF-8, however the charset is spelled (<c>utf-8</c>, <c>UTF8</c>,
/// <c>"utf-8"</c>; <c>us-ascii</c>, a subset, is read as UTF-8); anything else is a 415 problem. A
/// JSON body the framework binds is then read here whole (within the body limit) by
/// <see cref="JsonBody"/>: when some field does not convert, the answer is one 400 problem naming every
/// such field together with what the request's validator finds in the rest; otherwise the framework
/// binds it as sent. Handlers that read their own body (text, NDJSON, ClaimReview) get it unread.
/// </summary>
public static class RequestBodies
{
    private static readonly string[] Utf8Names = ["utf-8", "utf8", "us-ascii"];

    public static WebApplication UseRequestBodies(this WebApplication app)
    {
        var contracts = new ConcurrentDictionary<Endpoint, BodyContract?>();
        var json = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        // A bound JSON body is held whole, so it keeps the one limit of Limits:MaxRequestBodyBytes.
        var maxBody = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxRequestBodyBytes;
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
            if (contract.Bound is not { } type)
            {
                await next(http);
                return;
            }
            if (await ReadAsync(http.Request, maxBody, http.RequestAborted) is not { } body)
            {
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "The request body is too large.",
                    detail: $"Bodies may have at most {maxBody.ToString(CultureInfo.InvariantCulture)} bytes.").ExecuteAsync(http);
                return;
            }
            var read = JsonBody.Parse(body, type, json);
            if (read.Errors is not null)
            {
                await (await ProblemAsync(http, type, read)).ExecuteAsync(http);
                return;
            }
            // The charset is settled: the binder reads the bytes again, as UTF-8 (it would fail on "UTF8" or a quoted name).
            http.Request.ContentType = MediaTypeHeaderValue.Parse(http.Request.ContentType).MediaType.ToString();
            http.Request.Body = new MemoryStream(body.Array!, body.Offset, body.Count, writable: false);
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

    /// <summary>The body, or null when it holds more than <paramref name="maxBytes"/>.</summary>
    private static async Task<ArraySegment<byte>?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length and <= int.MaxValue ? (int)length : 0);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// One validation problem: every field that did not convert, and what the request's validator finds
    /// in the fields that did (not repeating a field already named, nor one inside it).
    /// </summary>
    private static async Task<ValidationProblem> ProblemAsync(HttpContext http, Type type, JsonBody.Read read)
    {
        var errors = read.Errors!;
        var unconverted = errors.Keys.ToArray();
        if (read.Value is { } partial
            && http.RequestServices.GetService(typeof(IValidator<>).MakeGenericType(type)) is IValidator validator)
        {
            var found = await RequestCheck.ValidateAsync(
                partial, validator, http.RequestServices.GetRequiredService<Data.StoredReferences>(), http.RequestAborted);
            foreach (var group in found.GroupBy(f => ValidationFilter.CamelCasePath(f.PropertyName), StringComparer.Ordinal))
            {
                if (!unconverted.Any(field => JsonBody.Within(group.Key, field)))
                {
                    errors[group.Key] = [.. group.Select(f => f.ErrorMessage)];
                }
            }
        }
        return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
    }
}

using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredibilityApi.Http;

/// <summary>
/// Request bodies that are plain text rather than JSON (a scraped page): read by the handler itself,
/// bounded in size, UTF-8 only (the Content-Type is checked by <see cref="RequestBodies"/>).
/// <see cref="AcceptsText"/> describes such a body in the OpenAPI document as a named string schema.
/// </summary>
public static class TextBody
{
    public const string MediaType = "text/plain";

    /// <summary>
    /// Declares a required text body (text/plain unless <paramref name="mediaType"/> says otherwise) whose
    /// schema is the named string <paramref name="schemaName"/>, of at most <paramref name="maxBytes"/>
    /// when given (a body streamed far beyond Limits:MaxRequestBodyBytes), enforced before the handler runs.
    /// </summary>
    public static RouteHandlerBuilder AcceptsText(
        this RouteHandlerBuilder endpoint, string schemaName, string description, string mediaType = MediaType, long? maxBytes = null,
        bool enforcedByEndpoint = false) =>
        endpoint.WithMetadata(new TextBodyMetadata(schemaName, description, mediaType, maxBytes, enforcedByEndpoint))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// The body as text (its media type and charset were checked by <see cref="RequestBodies"/>): a 413
    /// problem beyond <paramref name="maxBytes"/>, a validation problem naming <c>body</c> when it is not
    /// valid UTF-8 or holds nothing.
    /// </summary>
    public static async Task<TextBodyRead> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge(maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes))
        {
            return new TextBodyRead(null, null, Problems.Invalid("body", "must be UTF-8 text."));
        }
        var text = Encoding.UTF8.GetString(bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
        return string.IsNullOrWhiteSpace(text)
            ? new TextBodyRead(null, null, Problems.Invalid("body", "is required."))
            : new TextBodyRead(text, null, null);
    }

    private static TextBodyRead TooLarge(int maxBytes) =>
        Refused(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"At most {maxBytes} bytes are accepted.");

    private static TextBodyRead Refused(int status, string title, string? detail = null) =>
        new(null, TypedResults.Problem(statusCode: status, title: title, detail: detail), null);
}

/// <summary>What reading a text body came to: the text, or the problem to answer instead.</summary>
public sealed record TextBodyRead(string? Text, ProblemHttpResult? Refused, ValidationProblem? Invalid);

/// <summary>
/// Endpoint metadata: the text body an operation reads (the OpenAPI transformer describes it, <see cref="RequestBodies"/>
/// checks its media type) and, when <paramref name="MaxBytes"/> is set, its size limit instead of Limits:MaxRequestBodyBytes.
/// </summary>
/// <summary>
/// A text body: its schema, media type and size limit; when <paramref name="EnforcedByEndpoint"/>, the endpoint
/// counts the bytes itself and answers a body over the limit with what it did with the part before.
/// </summary>
public sealed record TextBodyMetadata(
    string SchemaName, string Description, string MediaType = TextBody.MediaType, long? MaxBytes = null, bool EnforcedByEndpoint = false);

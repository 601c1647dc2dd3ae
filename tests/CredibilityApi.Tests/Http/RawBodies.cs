using System.Text;

namespace CredibilityApi.Tests.Http;

/// <summary>Requests whose body is sent exactly as written, for bodies a serializer would never produce.</summary>
public static class RawBodies
{
    public static Task<HttpResponseMessage> SendRaw(
        this HttpClient client, HttpMethod method, string url, string body, string mediaType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

    /// <summary>The body as UTF-8 under a Content-Type header sent as written (<c>application/json; charset="UTF8"</c>), unchecked by the client.</summary>
    public static Task<HttpResponseMessage> SendWithContentType(
        this HttpClient client, HttpMethod method, string url, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return client.SendAsync(new HttpRequestMessage(method, url) { Content = content });
    }
}

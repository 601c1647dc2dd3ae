using System.Text;

namespace CredibilityApi.Tests.Http;

/// <summary>Requests whose body is sent exactly as written, for bodies a serializer would never produce.</summary>
public static class RawBodies
{
    public static Task<HttpResponseMessage> SendRaw(
        this HttpClient client, HttpMethod method, string url, string body, string mediaType = "application/json") =>
        client.SendAsync(new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
}

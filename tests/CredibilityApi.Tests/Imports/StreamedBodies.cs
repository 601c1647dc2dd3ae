using System.Net;
using System.Net.Http.Headers;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CredibilityApi.Tests.Imports;

public static class StreamedBodies
{
    /// <summary>
    /// An admin client whose request bodies reach the service as they are written: the default test client
    /// follows redirects, and to resend a body on a redirect it reads the whole body before sending it.
    /// </summary>
    public static HttpClient Streaming(this ApiFactory api)
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdminKey);
        return client;
    }
}

/// <summary>
/// A request body of unknown length (sent chunked) that arrives in pieces of the given sizes, in turn, each
/// flushed on its own: the server sees the bytes as a slow or fragmenting network would deliver them.
/// </summary>
public sealed class ChunkedContent(byte[] body, params int[] pieces) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var at = 0;
        for (var i = 0; at < body.Length; i++)
        {
            var size = Math.Min(pieces[i % pieces.Length], body.Length - at);
            await stream.WriteAsync(body.AsMemory(at, size));
            await stream.FlushAsync();
            at += size;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

namespace CredibilityApi.Tests.Infrastructure;

/// <summary>A class fixture: the service with the demo data (the corpus page's sources, article and claims) loaded.</summary>
public sealed class DemoApi : IDisposable
{
    public ApiFactory Api { get; } = new ApiFactory().With("Demo:Load", "true");

    public void Dispose() => Api.Dispose();
}

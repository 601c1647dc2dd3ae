namespace CredibilityApi.Demo;

public sealed class DemoLoader
{
    public Task<bool> LoadAsync(CancellationToken ct) => Task.FromResult(false);
}

using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CredibilityApi.ClientScenario;

/// <summary>Counts the scenario's checks, prints each, and ends with "name: N passed, M failed".</summary>
public sealed class Checks(string name)
{
    private int _passed;
    private int _failed;

    public void That(bool condition, string what)
    {
        if (condition)
        {
            _passed++;
            Console.WriteLine($"  ok    {what}");
        }
        else
        {
            _failed++;
            Console.WriteLine($"  FAIL  {what}");
        }
    }

    /// <returns>The process exit code: 0 only when every check passed and at least one ran.</returns>
    public int Report()
    {
        Console.WriteLine($"{name}: {_passed} passed, {_failed} failed");
        return _failed == 0 && _passed > 0 ? 0 : 1;
    }
}

/// <summary>API keys travel as <c>Authorization: Bearer &lt;key&gt;</c>, over plain HTTP on loopback too.</summary>
public sealed class BearerKey(string key) : IAuthenticationProvider
{
    public Task AuthenticateRequestAsync(
        RequestInformation request,
        Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        request.Headers.TryAdd("Authorization", $"Bearer {key}");
        return Task.CompletedTask;
    }
}

using System.Net;
using System.Text.Json;
using CredibilityApi.Credibility;
using CredibilityApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CredibilityApi.Tests.Credibility;

/// <summary>
/// No read waits for a belief pass: reads answer from the last finished pass and say when it was
/// computed; a later read reflects a write once a pass has taken it in. The pass is held open
/// here (a test hook), so "while a pass runs" is a state, not a race.
/// </summary>
public sealed class BeliefFreshnessTests : IDisposable
{
    // A read that waits for the held pass never answers; this only bounds how long the test hangs then.
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    private readonly ApiFactory api = new();

    [Fact]
    public async Task ReadsAnswerWhileAPassIsHeldAndReflectTheWriteOnceItFinishes()
    {
        var engine = api.Services.GetRequiredService<BeliefEngine>();
        var release = await Hold(engine);
        var editor = await api.Editor();
        var subject = $"fresh-{Guid.NewGuid():N}";
        var speaker = (await Seed.Source(editor)).Id();
        var first = (await Seed.Claim(editor, speaker, subject: subject, quantity: new { value = 100, unit = "troops" })).Id();
        var written = DateTimeOffset.UtcNow;

        // No pass has finished since the write: every read answers at once, without its belief.
        using (var hung = new CancellationTokenSource(Hung))
        {
            var view = await Read($"/v1/subjects/{subject}", hung.Token);
            Assert.Equal(1, view.GetProperty("claimCount").GetInt32());
            Assert.True(view.GetProperty("computedAt") is not { ValueKind: JsonValueKind.String } at || at.GetDateTimeOffset() < written);
            var claim = await Read($"/v1/claims/{first}", hung.Token);
            Assert.Equal(JsonValueKind.Null, claim.GetProperty("belief").ValueKind);
            await Read($"/v1/claims/{first}/chain", hung.Token);
            await Read($"/v1/claims?subject={subject}", hung.Token);
        }

        release.SetResult();
        var fresh = await Beliefs.Subject(api.Anonymous(), subject, written);
        Assert.Equal(0.5, Belief(fresh, first), 6);
        var settled = fresh.GetProperty("computedAt").GetDateTimeOffset();

        // A second write while the next pass is held: reads answer from the last finished pass.
        var held = await Hold(engine);
        var second = (await Seed.Claim(editor, speaker, subject: subject, quantity: new { value = 900, unit = "troops" })).Id();
        written = DateTimeOffset.UtcNow;
        using (var hung = new CancellationTokenSource(Hung))
        {
            var stale = await Read($"/v1/subjects/{subject}", hung.Token);
            Assert.Equal(2, stale.GetProperty("claimCount").GetInt32());
            Assert.True(stale.GetProperty("computedAt").GetDateTimeOffset() < written);
            Assert.Equal(0.5, Belief(stale, first), 6);
            Assert.Equal(JsonValueKind.Null, ClaimOf(stale, second).GetProperty("belief").ValueKind);
            var claim = await Read($"/v1/claims/{second}", hung.Token);
            Assert.Equal(JsonValueKind.Null, claim.GetProperty("belief").ValueKind);
            Assert.True(claim.GetProperty("beliefsComputedAt").GetDateTimeOffset() >= settled);
        }

        held.SetResult();
        engine.HoldPass = null;
        var after = await Beliefs.Subject(api.Anonymous(), subject, written);
        // Two unknown speakers, far apart: an even split.
        Assert.Equal(0.5, Belief(after, first), 6);
        Assert.Equal(0.5, Belief(after, second), 6);
        var read = await Beliefs.Claim(api.Anonymous(), second, written);
        Assert.Equal(0.5, read.GetProperty("belief").GetDouble(), 6);
    }

    public void Dispose() => api.Dispose();

    /// <summary>
    /// Holds every pass that starts from now on until the answer is completed. A pass already past
    /// the hold is let finish first: what it reads could include the writes the test makes next.
    /// </summary>
    private static async Task<TaskCompletionSource> Hold(BeliefEngine engine)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        engine.HoldPass = () =>
        {
            Volatile.Write(ref entered, 1);
            return release.Task;
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (engine.Passing && Volatile.Read(ref entered) == 0)
        {
            Assert.True(clock.Elapsed < Hung, "a belief pass never finished");
            await Task.Delay(10);
        }
        return release;
    }

    private async Task<JsonElement> Read(string url, CancellationToken ct) =>
        await (await api.Anonymous().GetAsync(url, ct)).AssertJson(HttpStatusCode.OK);

    private static JsonElement ClaimOf(JsonElement view, long claim) =>
        view.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("claims").EnumerateArray()).Single(c => c.Id() == claim);

    private static double Belief(JsonElement view, long claim) => ClaimOf(view, claim).GetProperty("belief").GetDouble();
}

using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Core.Tests;

/// <summary>Shared fixtures: the sample policy and evidence that passes every gate of a major release.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static PolicyDocument Policy => SamplePolicy.Load();

    public static ReleaseEvidence GoodEvidence { get; } = ReleasePolicy.Testing.SampleRelease.Evidence(Now);

    public static ReadinessRequest Request(
        ReleaseEvidence? evidence = null,
        string service = "payments-api",
        string environment = "production",
        string releaseType = "major",
        string requestedBy = "alice") =>
        new(service, "1.4.0", environment, releaseType, requestedBy, evidence ?? GoodEvidence);

    public static ReadinessDecision Evaluate(ReadinessRequest request, PolicyDocument? policy = null) =>
        ReadinessEvaluator.Evaluate(request, policy ?? Policy, Now);

    public static GateResult Gate(this ReadinessDecision decision, string name) =>
        decision.Gates.Single(g => g.Name == name);

    /// <summary>1-based line of the first line containing <paramref name="fragment"/>, to assert error positions.</summary>
    public static int LineOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"fragment '{fragment}' not found");
        return text.AsSpan(0, index).Count('\n') + 1;
    }

    /// <summary>Replaces exactly one occurrence so a test's edit cannot silently hit the wrong place.</summary>
    public static string ReplaceOnce(string text, string find, string replacement)
    {
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{find}' not found");
        Assert.True(text.IndexOf(find, index + 1, StringComparison.Ordinal) < 0, $"'{find}' occurs more than once");
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + find.Length));
    }
}

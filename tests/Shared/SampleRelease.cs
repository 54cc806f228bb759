using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Testing;

/// <summary>
/// Evidence that passes every gate of the sample policy for a release of payments-api by alice, in each form the
/// tests need, from one definition. Compiled into each test project (and the benchmarks) by link.
/// </summary>
internal static class SampleRelease
{
    /// <summary>
    /// A low-risk catalog-web patch to staging by dave, as a pipeline sends it: the sample policy approves it without
    /// people (rule recorded), so it measures the engine, not clicks.
    /// </summary>
    public static object AutoApproved(DateTimeOffset now, string changeSummary = "Automatic release") => new
    {
        service = "catalog-web",
        version = "3.1.1",
        environment = "staging",
        type = "patch",
        requestedBy = "dave",
        changeSummary,
        evidence = EvidenceJson(now),
    };

    /// <summary>The evidence as a pipeline sends it; a fresh, mutable object so a test can break one field.</summary>
    public static JsonObject EvidenceJson(DateTimeOffset now) => new()
    {
        ["testCoverage"] = 0.86,
        ["peerReview"] = new JsonObject { ["reviewers"] = new JsonArray("grace", "heidi"), ["approvals"] = 2 },
        ["scanFindings"] = new JsonObject { ["critical"] = 0, ["high"] = 0, ["medium"] = 1, ["low"] = 3 },
        ["runbook"] = new JsonObject
        {
            ["url"] = "https://runbooks/payments",
            ["sections"] = new JsonArray("preChecks", "dependencies", "knownIssues", "rollbackSteps"),
        },
        ["rollback"] = new JsonObject { ["procedureRef"] = "RB-42", ["rehearsedAt"] = now.AddDays(-3), ["rehearsedIn"] = "staging" },
        ["loadTest"] = new JsonObject { ["reportRef"] = "LT-7", ["passed"] = true, ["executedAt"] = now.AddDays(-1) },
        ["change"] = new JsonObject { ["filesChanged"] = 12, ["linesChanged"] = 340, ["dependencies"] = new JsonArray("Newtonsoft.Json") },
        ["schemaMigration"] = new JsonObject { ["present"] = false, ["backwardCompatible"] = true, ["downMigrationTested"] = true },
    };

    /// <summary>The same evidence as the readiness evaluator sees it, read by the real parser.</summary>
    public static ReleaseEvidence Evidence(DateTimeOffset now)
    {
        using JsonDocument json = JsonDocument.Parse(EvidenceJson(now).ToJsonString());
        EvidenceParseResult parsed = ReleaseEvidenceParser.Parse(json.RootElement);
        return parsed.Errors.Count == 0
            ? parsed.Evidence
            : throw new InvalidOperationException("Sample evidence no longer parses: " + parsed.Errors[0].Reason);
    }
}

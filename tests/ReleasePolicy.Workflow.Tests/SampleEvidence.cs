using System.Text.Json;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>Evidence that passes every gate of the sample policy for a release of payments-api by alice.</summary>
internal static class SampleEvidence
{
    public static string Good(DateTimeOffset now) => JsonSerializer.Serialize(new
    {
        testCoverage = 0.86,
        peerReview = new { reviewers = new[] { "grace", "heidi" }, approvals = 2 },
        scanFindings = new { critical = 0, high = 0, medium = 1, low = 3 },
        runbook = new { url = "https://runbooks/payments", sections = new[] { "preChecks", "dependencies", "knownIssues", "rollbackSteps" } },
        rollback = new { procedureRef = "RB-42", rehearsedAt = now.AddDays(-3), rehearsedIn = "staging" },
        loadTest = new { reportRef = "LT-7", passed = true, executedAt = now.AddDays(-1) },
        change = new { filesChanged = 12, linesChanged = 340, dependencies = new[] { "Newtonsoft.Json" } },
        schemaMigration = new { present = false, backwardCompatible = true, downMigrationTested = true },
    });
}

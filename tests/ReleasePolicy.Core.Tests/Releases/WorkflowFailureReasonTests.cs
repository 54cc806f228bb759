using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.Core.Tests.Releases;

/// <summary>What <c>GET /api/releases/{id}</c> says about a failed orchestration: never the internal error.</summary>
public sealed class WorkflowFailureReasonTests
{
    private const string Internal = "Azure.RequestFailedException: Server busy at 10.0.0.7 (secret=abc)";

    [Fact]
    public void PublicReason_WorkflowsOwnFailure_IsItsStableReason()
    {
        string reason = ReleaseWorkflowFailedException.Reason("approval", "0123456789abcdef0123456789abcdef");

        string shown = ReleaseWorkflowFailedException.PublicReason(Record(), typeof(ReleaseWorkflowFailedException).FullName!, reason, out bool hidden);

        Assert.Equal("The workflow could not continue in approval; reference 0123456789abcdef0123456789abcdef.", shown);
        Assert.False(hidden);
    }

    [Fact]
    public void PublicReason_OtherErrorWithARecordedFailure_ShowsTheRecordedDecision()
    {
        var decided = new StageDecision(ReleaseStage.Scheduling, StageOutcomes.Failed, "The workflow could not continue in scheduling; reference abc.", TestData.Now);

        string shown = ReleaseWorkflowFailedException.PublicReason(Record() with { Decisions = [decided] }, "System.InvalidOperationException", Internal, out bool hidden);

        Assert.Equal(decided.Summary, shown);
        Assert.False(hidden);
    }

    [Fact]
    public void PublicReason_UnexpectedError_IsHiddenBehindTheReleaseId()
    {
        ReleaseRecord record = Record() with { Stage = ReleaseStage.Deployment };

        string shown = ReleaseWorkflowFailedException.PublicReason(record, "System.InvalidOperationException", Internal, out bool hidden);

        Assert.Equal($"The workflow could not continue in deployment; reference {record.Id}.", shown);
        Assert.DoesNotContain("RequestFailed", shown, StringComparison.Ordinal);
        Assert.True(hidden);
    }

    private static ReleaseRecord Record() => ReleaseRecord.Submitted(
        "rel-00000000000000000000000000000002",
        new ReleaseRequest("payments-api", "1.0.0", "production", ReleaseType.Patch, "alice", "x", "k", null),
        new PolicyReference(1, "2026.11.1", new string('a', 64)),
        TestData.Now);
}

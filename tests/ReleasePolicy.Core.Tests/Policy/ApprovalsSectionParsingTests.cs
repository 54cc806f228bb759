using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Policy.PolicyText;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>The <c>approvals</c> section: the policy-change council and the emergency path.</summary>
public class ApprovalsSectionParsingTests
{
    private const string EmergencySection = "  emergency:\n    skipPreApprovalFor";

    [Fact]
    public void Parse_Sample_PolicyChangesNeedTwoOfTheCouncil()
    {
        var chain = SamplePolicy.Load().Approvals.PolicyChanges!;

        Assert.Equal("approvals.policyChanges", chain.Name);
        Assert.False(chain.DistinctApproversAcrossTiers);
        var council = Assert.Single(chain.Tiers);
        Assert.Equal("council", council.Name);
        Assert.Equal(["release-policy-council"], council.Groups);
        Assert.Equal(2, council.Quorum);
        Assert.Equal(new EscalationTarget(EscalationKind.Group, "vp-engineering"), council.Sla.EscalateTo);
        Assert.Equal(TimeSpan.FromDays(7), council.Timeout.After);
    }

    [Fact]
    public void Parse_Sample_EmergencyPath()
    {
        var emergency = SamplePolicy.Load().Approvals.Emergency!;

        Assert.Equal(["incident-commanders"], emergency.SkipPreApprovalFor);
        Assert.Equal(TimeSpan.FromDays(30), emergency.RepeatWindow);
        Assert.Equal(2, emergency.RootCauseAnalysisAfter);
        Assert.Equal("approvals.emergency.postFactoReview", emergency.PostFactoReview.Name);
        var review = Assert.Single(emergency.PostFactoReview.Tiers);
        Assert.Equal(TimeoutOutcome.Escalate, review.Timeout.Outcome);
        Assert.Equal(TimeSpan.FromDays(5), review.Timeout.After);
    }

    [Fact]
    public void Parse_NoApprovalsSection_IsRejected()
    {
        var text = RemoveBetween(Sample, "approvals:\n  policyChanges:", "# --- Directory");

        Assert.Contains("'approvals' is required", SingleError(text, "approvals").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoPolicyChanges_IsRejected()
    {
        var text = RemoveBetween(Sample, "  policyChanges:\n", EmergencySection);

        var error = SingleError(text, "approvals.policyChanges");

        Assert.Contains("'policyChanges' is required", error.Message, StringComparison.Ordinal);
        // Located at the section that lacks it (its first remaining key).
        Assert.Equal(TestData.LineOf(text, EmergencySection), error.Line);
    }

    [Fact]
    public void Parse_NoEmergency_IsValidWithoutAnEmergencyPath()
    {
        var text = RemoveBetween(Sample, EmergencySection, "# --- Directory");

        Assert.Null(Valid(text).Approvals.Emergency);
    }

    [Theory]
    [InlineData("    rootCauseAnalysisAfter: 2\n", "    rootCauseAnalysisAfter: 0\n", "approvals.emergency.rootCauseAnalysisAfter", "must be at least 1 (found 0)")]
    [InlineData("    rootCauseAnalysisAfter: 2\n", "", "approvals.emergency.rootCauseAnalysisAfter", "'rootCauseAnalysisAfter' is required")]
    [InlineData("    repeatWindow: P30D\n", "    repeatWindow: a month\n", "approvals.emergency.repeatWindow", "whole seconds")]
    [InlineData("    skipPreApprovalFor: [incident-commanders]\n", "    skipPreApprovalFor: [incident-commanders, night-shift]\n", "approvals.emergency.skipPreApprovalFor[1]", "'night-shift' is neither a person")]
    [InlineData("    skipPreApprovalFor: [incident-commanders]\n", "    skipPreApprovalFor: [incident-commanders]\n    skipReviewFor: [trent]\n", "approvals.emergency.skipReviewFor", "unknown key")]
    [InlineData("        - name: review\n", "        - name: Review!\n", "approvals.emergency.postFactoReview.tiers[0].name", "lowercase")]
    public void Parse_InvalidEmergency_ReportsTheField(string find, string replacement, string path, string message)
    {
        var text = TestData.ReplaceOnce(Sample, find, replacement);

        Assert.Contains(message, SingleError(text, path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SkipPreApprovalForAPerson_IsAccepted()
    {
        var text = TestData.ReplaceOnce(Sample, "skipPreApprovalFor: [incident-commanders]", "skipPreApprovalFor: [trent, incident-commanders]");

        Assert.Equal(["trent", "incident-commanders"], Valid(text).Approvals.Emergency!.SkipPreApprovalFor);
    }

    [Fact]
    public void Parse_UnknownApprovalsKey_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "approvals:\n  policyChanges:", "approvals:\n  accessReview: quarterly\n  policyChanges:");

        Assert.Contains("unknown key 'accessReview'", SingleError(text, "approvals.accessReview").Message, StringComparison.Ordinal);
    }
}

using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.Approvals.AccessReview;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Notifications;

public sealed class AccessReviewTests
{
    private static readonly PolicyDocument Policy = TestData.Policy with
    {
        Oversight =
        [
            Route(ApprovalRoute.AutoApprove),
            Route(ApprovalRoute.Cab) with
            {
                Chain = new ApprovalChain(
                    "oversight.cab",
                    [
                        DirectoryFixtures.Tier("cab", ["cab"], ["dave"], new TierSla([], TimeSpan.FromHours(1), new EscalationTarget(EscalationKind.Manager, null))),
                        DirectoryFixtures.Tier("senior", ["senior"], ["ghost"], new TierSla([], TimeSpan.FromHours(1), new EscalationTarget(EscalationKind.Group, "council"))),
                    ],
                    true),
            },
            Route(ApprovalRoute.Peer) with
            {
                Chain = new ApprovalChain(
                    "oversight.peer",
                    [
                        DirectoryFixtures.Tier("peer", ["council", "empty"], [], new TierSla([], TimeSpan.FromHours(1), new EscalationTarget(EscalationKind.NextTier, null))),
                        DirectoryFixtures.Tier("senior", ["senior"], []),
                    ],
                    false),
            },
        ],
        Approvals = new ApprovalsPolicy(
            new ApprovalChain("approvals.policyChanges", [DirectoryFixtures.Tier("council", ["council"], [])], false),
            new EmergencyPolicy(["senior", "dave"], new ApprovalChain("approvals.emergency.postFactoReview", [DirectoryFixtures.Tier("review", [], ["bob"])], false), TimeSpan.FromDays(30), 2)),
    };

    private static OversightEntry Route(ApprovalRoute route) => TestData.Policy.Oversight.Single(o => o.Route == route);

    private static async Task<AccessReviewReport> ReviewAsync()
    {
        var directory = new PolicyPeopleDirectory(_ => Task.FromResult(DirectoryFixtures.Directory));
        var builder = new AccessReviewBuilder(directory, new FakeTimeProvider(TestData.Now));
        return await builder.BuildAsync(Policy, "hash");
    }

    [Fact]
    public async Task Build_TierGroups_ResolvedToPeopleWithTheClause()
    {
        AccessReviewReport report = await ReviewAsync();

        AccessReviewRow carol = report.Rows.Single(r => r.Person == "carol" && r.Clause == "oversight.cab.tiers[0].approvers.groups[0]");
        Assert.Equal(("oversight.cab", "cab", "cab", "Carol Chen", "carol@contoso.test", Policy.Version), (carol.Chain, carol.Tier, carol.Via, carol.DisplayName, carol.Mail, carol.PolicyVersion));
        Assert.Contains(report.Rows, r => r.Person == "dave" && r.Via == AccessReviewBuilder.NamedUser && r.Clause == "oversight.cab.tiers[0].approvers.users[0]");
    }

    [Fact]
    public async Task Build_Escalations_ListManagersAndEscalationGroups()
    {
        AccessReviewReport report = await ReviewAsync();

        Assert.Contains(report.Rows, r => r.Person == "mia" && r.Tier == "cab" && r.Via == "escalation to the manager of alice" && r.Clause == "oversight.cab.tiers[0].sla.escalateTo");
        Assert.Contains(report.Rows, r => r.Person == "nina" && r.Via == "escalation to the manager of carol");
        Assert.Contains(report.Rows, r => r.Person == "dave" && r.Tier == "senior" && r.Via == "escalation to council" && r.Clause == "oversight.cab.tiers[1].sla.escalateTo.group");
    }

    [Fact]
    public async Task Build_PolicyChangesEmergencyAndNextTierEscalation_Listed()
    {
        AccessReviewReport report = await ReviewAsync();

        Assert.Contains(report.Rows, r => r.Person == "dave" && r.Chain == "approvals.policyChanges" && r.Clause == "approvals.policyChanges.tiers[0].approvers.groups[0]");
        Assert.Contains(report.Rows, r => r.Person == "bob" && r.Chain == "approvals.emergency.postFactoReview" && r.Via == AccessReviewBuilder.NamedUser);
        Assert.Contains(report.Rows, r => r.Person == "carol" && r.Clause == "approvals.emergency.skipPreApprovalFor[0]" && r.Via == "senior");
        Assert.Contains(report.Rows, r => r.Person == "dave" && r.Clause == "approvals.emergency.skipPreApprovalFor[1]" && r.Via == AccessReviewBuilder.NamedUser);
        Assert.Contains(report.Rows, r => r.Person == "dave" && r.Clause == "oversight.peer.tiers[0].approvers.groups[0]");
        Assert.Contains(report.Rows, r => r.Person == "carol" && r.Tier == "peer" && r.Via == "escalation to the next tier (senior)" && r.Clause == "oversight.peer.tiers[0].sla.escalateTo");
    }

    [Fact]
    public async Task Build_UnknownUserAndEmptyGroup_AreWarnedAndTheUserStillListed()
    {
        AccessReviewReport report = await ReviewAsync();

        AccessReviewRow ghost = report.Rows.Single(r => r.Person == "ghost");
        Assert.Null(ghost.DisplayName);
        Assert.Contains(report.Warnings, w => w.StartsWith("oversight.cab.tiers[1].approvers.users[0]:", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("oversight.peer.tiers[0].approvers.groups[1]:", StringComparison.Ordinal) && w.Contains("'empty'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_RowsSortedByPersonAndDistinct()
    {
        AccessReviewReport report = await ReviewAsync();

        Assert.Equal(report.Rows.Select(r => r.Person).Order(StringComparer.OrdinalIgnoreCase), report.Rows.Select(r => r.Person));
        Assert.Equal(report.Rows.Count, report.Rows.Distinct().Count());
        Assert.Equal(TestData.Now, report.GeneratedAt);
    }

    [Fact]
    public void Csv_QuotesEveryFieldAndNeutralisesFormulas()
    {
        string csv = AccessReviewCsv.Write(
        [
            new AccessReviewRow("nina", "=HYPERLINK(\"http://evil\")", "+1@x", "oversight.cab", "cab, \"main\"", "-via", "@clause", "v1"),
        ]);

        string[] lines = csv.Split("\r\n");
        Assert.Equal("\"person\",\"displayName\",\"mail\",\"chain\",\"tier\",\"via\",\"clause\",\"policyVersion\"", lines[0]);
        Assert.Equal("\"nina\",\"'=HYPERLINK(\"\"http://evil\"\")\",\"'+1@x\",\"oversight.cab\",\"cab, \"\"main\"\"\",\"'-via\",\"'@clause\",\"v1\"", lines[1]);
        Assert.Equal(string.Empty, lines[2]);
    }
}

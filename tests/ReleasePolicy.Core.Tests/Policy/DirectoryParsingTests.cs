using System.Text;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Policy.PolicyText;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>The built-in <c>directory</c>: people, nested groups, and the checks tiers get when it is present.</summary>
public class DirectoryParsingTests
{
    private const string Alice = "    - { id: alice, name: Alice Archer, mail: alice@contoso.example, manager: frank }\n";

    [Fact]
    public void Parse_Sample_DirectoryHasPeopleAndNestedGroups()
    {
        var directory = SamplePolicy.Load().Directory;

        Assert.Equal(new PolicyPerson("alice", "Alice Archer", "alice@contoso.example", "frank"), directory.People[0]);
        Assert.Null(directory.People.Single(p => p.Id == "walter").Manager);
        Assert.Equal(["ivan", "judy", "cab-alternates"], directory.Groups["change-advisory-board"]);
        Assert.Equal(["ken", "laura"], directory.Groups["Cab-Alternates"]);
    }

    [Fact]
    public void Parse_NoDirectory_IsValidAndTiersAreNotCheckedAgainstIt()
    {
        var text = RemoveBetween(Sample, "directory:\n  people:", "# --- Compliance controls");
        text = TestData.ReplaceOnce(text, "approvers: { groups: [release-managers] }", "approvers: { groups: [release-managers-in-graph] }");

        var policy = Valid(text);

        Assert.Same(PolicyDirectory.Empty, policy.Directory);
        Assert.Equal(["release-managers-in-graph"], policy.Oversight.Single(o => o.Route == ApprovalRoute.Delegated).Chain.Tiers[0].Groups);
    }

    [Theory]
    [InlineData(Alice, Alice + "    - { id: ALICE, name: Alice Again, mail: a2@contoso.example }\n", "directory.people[1].id", "person 'ALICE' is listed twice")]
    [InlineData("alice@contoso.example, manager: frank }", "alice@contoso.example, manager: zed }", "directory.people[0].manager", "manager 'zed' is not a person in directory.people")]
    [InlineData("alice@contoso.example, manager: frank }", "alice@contoso.example, manager: alice }", "directory.people[0].manager", "cannot be their own manager")]
    [InlineData("mail: alice@contoso.example", "mail: alice", "directory.people[0].mail", "expected a mail address")]
    [InlineData("mail: alice@contoso.example", "mail: \"alice@@contoso.example\"", "directory.people[0].mail", "expected a mail address")]
    [InlineData("mail: alice@contoso.example, ", "", "directory.people[0].mail", "'mail' is required")]
    [InlineData("id: alice, ", "id: \"alice\\u202e\", ", "directory.people[0].id", "bidirectional")]
    [InlineData("    release-managers: [olivia, peggy]\n", "    release-managers: [olivia, peggy, zed]\n", "directory.groups.release-managers[2]", "'zed' is neither a person")]
    [InlineData("    release-managers: [olivia, peggy]\n", "    release-managers: [olivia, peggy]\n    alice: [bob]\n", "directory.groups.alice", "both a person and a group")]
    [InlineData("    release-managers: [olivia, peggy]\n", "    release-managers: [olivia, peggy]\n    Release-Managers: [bob]\n", "directory.groups.Release-Managers", "listed twice")]
    [InlineData("    cab-alternates: [ken, laura]\n", "    cab-alternates: [ken, laura, change-advisory-board]\n", "directory.groups.cab-alternates", "group 'change-advisory-board' contains itself: change-advisory-board → cab-alternates → change-advisory-board")]
    [InlineData("    web-team: [dave]\n", "    web-team: [web-team]\n", "directory.groups.web-team", "group 'web-team' contains itself: web-team → web-team")]
    [InlineData("  groups:\n", "  teams: {}\n  groups:\n", "directory.teams", "unknown key 'teams'")]
    public void Parse_InvalidDirectory_ReportsTheField(string find, string replacement, string path, string message)
    {
        var text = TestData.ReplaceOnce(Sample, find, replacement);

        var error = SingleError(text, path);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_DeeplyNestedGroupCycle_IsReportedWithoutExhaustingTheStack()
    {
        const int depth = 20_000;
        var groups = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            groups.Append("    g").Append(i).Append(": [g").Append((i + 1) % depth).Append("]\n");
        }

        var text = TestData.ReplaceOnce(Sample, "  groups:\n", "  groups:\n" + groups);

        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"directory.groups.g{depth - 1}", error.Path);
        Assert.Contains("group 'g0' contains itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuorumReachableOnlyThroughNestedGroups_IsAccepted()
    {
        // 2 direct members + 2 through cab-alternates: a quorum of 4 is reachable, 5 is not.
        var four = TestData.ReplaceOnce(Sample, "approvers: { groups: [release-managers] }\n        quorum: 1", "approvers: { groups: [change-advisory-board] }\n        quorum: 4");
        var five = TestData.ReplaceOnce(Sample, "approvers: { groups: [release-managers] }\n        quorum: 1", "approvers: { groups: [change-advisory-board] }\n        quorum: 5");

        Assert.Equal(4, Valid(four).Oversight.Single(o => o.Route == ApprovalRoute.Delegated).Chain.Tiers[0].Quorum);
        Assert.Contains("resolves this tier's approvers to 4 person(s)", SingleError(five, "oversight.delegated.tiers[0].quorum").Message, StringComparison.Ordinal);
    }
}

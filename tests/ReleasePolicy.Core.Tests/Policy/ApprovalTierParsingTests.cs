using CsCheck;
using ReleasePolicy.Policy;
using static ReleasePolicy.Core.Tests.Policy.PolicyText;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>The <c>oversight</c> tiers: what the sample means, and each validation rule with its path and position.</summary>
public class ApprovalTierParsingTests
{
    private const string TierPath = "oversight.delegated.tiers[0]";

    /// <summary>A delegated tier with the given lines after its name (6-space list indent, 8-space fields).</summary>
    private static string Tier(string fields) =>
        "      - name: release-manager\n" + string.Concat(fields.Split('\n').Select(line => "        " + line.Trim() + "\n"));

    [Fact]
    public void Parse_Sample_CabPlusSenior_IsTwoTiersOfDistinctPeople()
    {
        var entry = SamplePolicy.Load().Oversight.Single(o => o.Route == ApprovalRoute.CabPlusSenior);

        var chain = entry.Chain;
        Assert.Equal("oversight.cabPlusSenior", chain.Name);
        Assert.True(chain.DistinctApproversAcrossTiers);
        Assert.Collection(
            chain.Tiers,
            cab =>
            {
                Assert.Equal("cab", cab.Name);
                Assert.Equal(["change-advisory-board"], cab.Groups);
                Assert.Empty(cab.Users);
                Assert.Equal(3, cab.Quorum);
                Assert.Equal([TimeSpan.FromHours(4), TimeSpan.FromHours(20)], cab.Sla.Reminders);
                Assert.Equal(TimeSpan.FromHours(24), cab.Sla.EscalateAfter);
                Assert.Equal(new EscalationTarget(EscalationKind.Manager, null), cab.Sla.EscalateTo);
                Assert.Equal(new TierTimeout(TimeSpan.FromHours(48), TimeoutOutcome.Reject, null), cab.Timeout);
            },
            senior =>
            {
                Assert.Equal("senior", senior.Name);
                Assert.Equal(["vp-engineering"], senior.Groups);
                Assert.Equal(1, senior.Quorum);
            });
    }

    [Fact]
    public void Parse_Sample_AutoApprove_KeepsAllowedTypesAndRule()
    {
        var entry = SamplePolicy.Load().Oversight.Single(o => o.Route == ApprovalRoute.AutoApprove);

        Assert.Equal([ReleaseType.Patch], entry.AutoApproveAllowedFor);
        Assert.Contains("RP-09", entry.AutoApproveRule, StringComparison.Ordinal);
        Assert.Same(ApprovalChain.Empty, entry.Chain);
    }

    [Fact]
    public void Parse_Sample_EveryHumanRouteHasANamedChain()
    {
        foreach (var entry in SamplePolicy.Load().Oversight.Where(o => o.Route != ApprovalRoute.AutoApprove))
        {
            Assert.Equal("oversight." + entry.Route.ToPolicyName(), entry.Chain.Name);
            Assert.NotEmpty(entry.Chain.Tiers);
        }
    }

    [Fact]
    public void Parse_TierInSeconds_IsAccepted()
    {
        var text = WithDelegatedTier(Tier("""
            approvers: { users: [olivia, peggy] }
            quorum: 2
            sla: { reminders: [PT1S, "00:00:02"], escalateAfter: PT3S, escalateTo: { group: vp-engineering } }
            timeout: { after: PT5S, outcome: approve, statement: "Unanswered delegated approvals lapse to approval (test policy)." }
            """));

        var tier = Valid(text).Oversight.Single(o => o.Route == ApprovalRoute.Delegated).Chain.Tiers.Single();

        Assert.Equal(["olivia", "peggy"], tier.Users);
        Assert.Empty(tier.Groups);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], tier.Sla.Reminders);
        Assert.Equal(TimeSpan.FromSeconds(3), tier.Sla.EscalateAfter);
        Assert.Equal(new EscalationTarget(EscalationKind.Group, "vp-engineering"), tier.Sla.EscalateTo);
        Assert.Equal(TimeoutOutcome.Approve, tier.Timeout.Outcome);
        Assert.StartsWith("Unanswered delegated approvals", tier.Timeout.ApproveStatement, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TierWithoutSla_HasNoRemindersOrEscalation()
    {
        var text = WithDelegatedTier(Tier("""
            approvers: { groups: [release-managers] }
            quorum: 1
            timeout: { after: PT24H, outcome: reject }
            """));

        var sla = Valid(text).Oversight.Single(o => o.Route == ApprovalRoute.Delegated).Chain.Tiers.Single().Sla;

        Assert.Empty(sla.Reminders);
        Assert.Null(sla.EscalateAfter);
        Assert.Null(sla.EscalateTo);
    }

    [Fact]
    public void Parse_NextTierBeforeTheLastTier_IsAccepted()
    {
        var text = ReplaceAfter(Sample, "  cabPlusSenior:\n", "escalateTo: manager", "escalateTo: nextTier");

        var cab = Valid(text).Oversight.Single(o => o.Route == ApprovalRoute.CabPlusSenior).Chain.Tiers[0];

        Assert.Equal(EscalationKind.NextTier, cab.Sla.EscalateTo!.Kind);
    }

    [Theory]
    [InlineData("quorum: 0", "quorum", "quorum must be at least 1 (found 0)")]
    [InlineData("quorum: many", "quorum", "expected a whole number")]
    [InlineData("approvers: { users: [olivia] }\nquorum: 2", "quorum", "quorum 2 exceeds the 1 listed user(s)")]
    [InlineData("quorum: 3", "quorum", "cannot be met: the directory resolves this tier's approvers to 2 person(s)")]
    [InlineData("approvers: { groups: [], users: [] }", "approvers", "at least one approver group or user is required")]
    [InlineData("approvers: { groups: [release-managers, nobody] }", "approvers.groups[1]", "group 'nobody' is not in directory.groups")]
    [InlineData("approvers: { users: [zed] }", "approvers.users[0]", "person 'zed' is not in directory.people")]
    [InlineData("approvers: { groups: [release-managers, Release-Managers] }", "approvers.groups[1]", "'Release-Managers' is listed twice")]
    [InlineData("approvers: { roles: [release-managers] }", "approvers.roles", "unknown key 'roles'")]
    [InlineData("sla: { reminders: [PT6H, PT2H] }", "sla.reminders[1]", "reminders must be in ascending order")]
    [InlineData("sla: { reminders: [PT2H, PT2H] }", "sla.reminders[1]", "reminders must be in ascending order")]
    [InlineData("sla: { reminders: [PT2H, PT30H] }", "sla.reminders[1]", "reminder at 1.06:00:00 is not before the timeout at 1.00:00:00")]
    [InlineData("sla: { reminders: PT1.5S }", "sla.reminders", "whole seconds")]
    [InlineData("sla: { escalateAfter: PT24H, escalateTo: manager }", "sla.escalateAfter", "is not before the timeout")]
    [InlineData("sla: { escalateAfter: PT8H }", "sla.escalateAfter", "escalateAfter needs escalateTo")]
    [InlineData("sla: { escalateTo: manager }", "sla.escalateTo", "escalateTo is never used")]
    [InlineData("sla: { escalateAfter: PT8H, escalateTo: nextTier }", "sla.escalateTo", "nextTier on the last tier")]
    [InlineData("sla: { escalateAfter: PT8H, escalateTo: boss }", "sla.escalateTo", "unknown escalation target 'boss'")]
    [InlineData("sla: { escalateAfter: PT8H, escalateTo: { group: nobody } }", "sla.escalateTo.group", "group 'nobody' is not in directory.groups")]
    [InlineData("sla: { escalateAfter: PT8H, escalateTo: { team: x } }", "sla.escalateTo.team", "unknown key 'team'")]
    [InlineData("timeout: { after: PT24H, outcome: approve }", "timeout.statement", "outcome approve needs a 'statement'")]
    [InlineData("timeout: { after: PT24H, outcome: approve, statement: \" \" }", "timeout.statement", "outcome approve needs a 'statement'")]
    [InlineData("timeout: { after: PT24H, outcome: reject, statement: words }", "timeout.statement", "'statement' only applies to outcome approve")]
    [InlineData("timeout: { after: PT24H, outcome: ignore }", "timeout.outcome", "unknown timeout outcome 'ignore'; expected one of reject, escalate, approve")]
    [InlineData("sla: {}\ntimeout: { after: PT24H, outcome: escalate }", "timeout.outcome", "outcome escalate needs sla.escalateTo")]
    [InlineData("timeout: { after: PT0S, outcome: reject }", "timeout.after", "whole seconds")]
    [InlineData("timeout: { after: PT0.5S, outcome: reject }", "timeout.after", "whole seconds")]
    [InlineData("timeout: { after: P1M, outcome: reject }", "timeout.after", "whole seconds")]
    [InlineData("timeout: { outcome: reject }", "timeout.after", "'after' is required")]
    [InlineData("notify: everyone", "notify", "unknown key 'notify'")]
    public void Parse_InvalidTier_ReportsTheField(string replacement, string field, string message)
    {
        var fields = new Dictionary<string, string>
        {
            ["approvers"] = "approvers: { groups: [release-managers] }",
            ["quorum"] = "quorum: 1",
            ["sla"] = "sla: { reminders: [PT2H, PT6H], escalateAfter: PT8H, escalateTo: manager }",
            ["timeout"] = "timeout: { after: PT24H, outcome: reject }",
        };
        foreach (var line in replacement.Split('\n'))
        {
            fields[line[..line.IndexOf(':', StringComparison.Ordinal)]] = line;
        }

        var text = WithDelegatedTier(Tier(string.Join("\n", fields.Values)));

        var error = SingleError(text, $"{TierPath}.{field}");

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
        var lineText = text.Split('\n')[error.Line!.Value - 1];
        Assert.Contains(field.Split('.', '[')[0], lineText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Release Manager")]
    [InlineData("release/manager")]
    [InlineData("")]
    public void Parse_TierNameNotIdentifierSafe_IsRejected(string name)
    {
        var text = TestData.ReplaceOnce(Sample, "- name: release-manager\n", $"- name: \"{name}\"\n");

        var error = SingleError(text, $"{TierPath}.name");

        Assert.Equal(TestData.LineOf(text, $"- name: \"{name}\""), error.Line);
    }

    [Fact]
    public void Parse_DuplicateTierName_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "      - name: senior\n", "      - name: cab\n");

        var error = SingleError(text, "oversight.cabPlusSenior.tiers[1].name");

        Assert.Contains("tier 'cab' is listed twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoTiers_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "  delegated:\n    tiers:\n" + DelegatedTier, "  delegated:\n    tiers: []\n");

        Assert.Contains("at least one tier is required", SingleError(text, "oversight.delegated.tiers").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OldOversightFormat_IsRejectedKeyByKey()
    {
        var text = TestData.ReplaceOnce(
            Sample,
            "  delegated:\n    tiers:\n" + DelegatedTier,
            "  delegated:\n    approverGroups: [release-managers]\n    quorum: 1\n");

        var result = PolicyParser.Parse(text);

        Assert.Null(result.Document);
        Assert.Contains(result.Errors, e => e.Path == "oversight.delegated.approverGroups" && e.Message.Contains("unknown key", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "oversight.delegated.quorum");
        Assert.Contains(result.Errors, e => e.Path == "oversight.delegated.tiers" && e.Message.Contains("'tiers' is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AutoApproveWithoutRule_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "    rule: \"Low-risk patches that pass every readiness gate need no human approval (RP-09).\"\n", string.Empty);

        Assert.Contains("'rule' is required", SingleError(text, "oversight.autoApprove.rule").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AutoApproveWithTiers_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "    allowedFor: [patch]\n", "    allowedFor: [patch]\n    tiers: []\n");

        Assert.Contains("unknown key 'tiers'", SingleError(text, "oversight.autoApprove.tiers").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AutoApproveAllowedForUnknownType_IsRejected()
    {
        var text = TestData.ReplaceOnce(Sample, "    allowedFor: [patch]\n", "    allowedFor: [patch, hotfix]\n");

        Assert.Contains("unknown release type 'hotfix'", SingleError(text, "oversight.autoApprove.allowedFor[1]").Message, StringComparison.Ordinal);
    }
}

/// <summary>Random tier fields: the parser reports, never throws, and accepts a tier only when it is coherent.</summary>
public class ApprovalTierPropertyTests
{
    // Per field, mostly plausible values with the mistakes the rules exist for, so that some tiers are valid.
    private static readonly Gen<string[]> Fields = Gen.Select(
        Gen.OneOf("{ groups: [release-managers] }", "{ users: [olivia, peggy] }", "{ users: [zed] }", "{}", "[]"),
        Gen.OneOf("1", "2", "3", "0", "-1", "x"),
        Gen.OneOf("[]", "[PT1H]", "[PT1H, PT2H]", "[PT2H, PT1H]", "[PT30H]", "PT1.5S", "~"),
        Gen.OneOf("~", "PT1H", "PT8H", "PT30H", "P1M"),
        Gen.OneOf("~", "nextTier", "manager", "{ group: vp-engineering }", "{ group: nobody }", "boss"),
        Gen.OneOf("PT24H", "PT1S", "PT2H", "PT0S", "x"),
        Gen.OneOf("reject", "escalate", "approve", "ignore"),
        Gen.OneOf("~", "\"Words.\"", "\"\""),
        (a, q, r, e, t, after, outcome, statement) => new[] { a, q, r, e, t, after, outcome, statement });

    [Fact]
    public void Parse_RandomTierFields_NeverThrowAndValidTiersAreCoherent()
    {
        var valid = 0;
        Gen.Select(Fields, Gen.Bool).Sample((values, lastTier) =>
        {
            var tier = $"""
                      - name: release-manager
                        approvers: {values[0]}
                        quorum: {values[1]}
                        sla: {"{"} reminders: {values[2]}, escalateAfter: {values[3]}, escalateTo: {values[4]} {"}"}
                        timeout: {"{"} after: {values[5]}, outcome: {values[6]}, statement: {values[7]} {"}"}

                """;
            // A second tier after it makes nextTier legal.
            var next = lastTier ? string.Empty : "      - { name: second, approvers: { groups: [release-managers] }, quorum: 1, timeout: { after: PT1H, outcome: reject } }\n";
            var text = TestData.ReplaceOnce(PolicyText.Sample, PolicyText.DelegatedTier, tier + next);

            var result = PolicyParser.Parse(text);

            Assert.Equal(result.Document is null, result.Errors.Count > 0);
            foreach (var parsed in result.Document?.Oversight.SelectMany(o => o.Chain.Tiers) ?? [])
            {
                Assert.True(parsed.Quorum >= 1);
                Assert.All(parsed.Sla.Reminders, r => Assert.True(r < parsed.Timeout.After));
                Assert.True(parsed.Sla.EscalateAfter is null || parsed.Sla.EscalateAfter < parsed.Timeout.After);
                Assert.True(parsed.Timeout.Outcome != TimeoutOutcome.Approve || !string.IsNullOrWhiteSpace(parsed.Timeout.ApproveStatement));
                Assert.True(parsed.Timeout.Outcome != TimeoutOutcome.Escalate || parsed.Sla.EscalateTo is not null);
            }

            valid += result.IsValid ? 1 : 0;
        }, iter: 4_000, threads: 1);

        // Otherwise the coherence checks above would only ever see the sample's own tiers.
        // About one random tier in 400 is valid: 4,000 draws make "none valid" a one-in-20,000 event rather than one in 12.
        Assert.InRange(valid, 1, 3_999);
    }
}

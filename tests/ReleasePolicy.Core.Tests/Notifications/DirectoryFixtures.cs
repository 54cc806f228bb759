using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Notifications;

/// <summary>A small built-in directory: nested groups, managers, and people the policy names but does not describe.</summary>
internal static class DirectoryFixtures
{
    public static PolicyDirectory Directory { get; } = new(
        [
            new PolicyPerson("alice", "Alice Adams", "alice@contoso.test", "mia"),
            new PolicyPerson("bob", "Bob Brown", "bob@contoso.test", "mia"),
            new PolicyPerson("carol", "Carol Chen", "carol@contoso.test", "nina"),
            new PolicyPerson("dave", "Dave Diaz", "dave@contoso.test", null),
            new PolicyPerson("mia", "Mia Moore", "mia@contoso.test", null),
            new PolicyPerson("nina", "=HYPERLINK(\"http://evil\")", "nina@contoso.test", null),
        ],
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["cab"] = ["alice", "cab-deputies"],
            ["cab-deputies"] = ["bob", "senior"],
            ["senior"] = ["carol", "alice"],
            ["council"] = ["dave"],
            ["empty"] = [],
        });

    public static ApprovalTier Tier(string name, string[] groups, string[] users, TierSla? sla = null) =>
        new(name, groups, users, 1, sla ?? new TierSla([], null, null), new TierTimeout(TimeSpan.FromHours(1), TimeoutOutcome.Reject, null));
}

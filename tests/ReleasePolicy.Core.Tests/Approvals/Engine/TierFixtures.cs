using ReleasePolicy.Approvals;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Approvals.Engine;

/// <summary>Tiers and a small directory for the engine's pure tests.</summary>
internal static class TierFixtures
{
    public static readonly DateTimeOffset Opened = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static ApprovalTierState Tier(int quorum = 2, IReadOnlyList<string>? groups = null, IReadOnlyList<string>? users = null, string requester = "alice") => new(
        "rel-1", 0, "cab", "oversight.cab", quorum, groups ?? ["cab"], users ?? [], [new ExcludedPerson(requester, "requested this release")], [], ["ivan", "judy", "ken"],
        "rel-1:approval", requester, Opened, Opened.AddHours(48), TierStatus.Open, [], [], []);

    public static ApprovalVote Approve(string person, int minute = 1) => new(person, ApprovalVerdict.Approve, null, Opened.AddMinutes(minute), "link", "group cab");

    public static ApprovalTier PolicyTier(TimeSpan timeout, IReadOnlyList<TimeSpan> reminders, TimeSpan? escalateAfter = null, EscalationKind? escalateTo = null) => new(
        "cab", ["cab"], [], 2,
        new TierSla(reminders, escalateAfter, escalateTo is { } kind ? new EscalationTarget(kind, null) : null),
        new TierTimeout(timeout, TimeoutOutcome.Reject, null));
}

/// <summary>A directory held in memory: people, groups (which may nest), managers. Pure-logic tests only.</summary>
internal sealed class MemoryDirectory : IPeopleDirectory
{
    public Dictionary<string, List<string>> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string> Managers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<DirectoryPerson?> FindPersonAsync(string idOrMail, CancellationToken cancellationToken = default) =>
        Task.FromResult<DirectoryPerson?>(this.Groups.ContainsKey(idOrMail) ? null : new DirectoryPerson(idOrMail, idOrMail, idOrMail + "@contoso.example"));

    public Task<bool> IsGroupAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(this.Groups.ContainsKey(name));

    public Task<IReadOnlyList<DirectoryPerson>> GetGroupMembersAsync(string group, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DirectoryPerson>>(this.Flatten(group).Select(p => new DirectoryPerson(p, p, p + "@contoso.example")).ToArray());

    public Task<bool> IsMemberAsync(string person, string group, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.Flatten(group).Contains(person, StringComparer.OrdinalIgnoreCase));

    public Task<IReadOnlyList<string>> GetGroupsOfAsync(string person, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(this.Groups.Keys.Where(g => this.Flatten(g).Contains(person, StringComparer.OrdinalIgnoreCase)).ToArray());

    public Task<DirectoryPerson?> GetManagerAsync(string person, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.Managers.TryGetValue(person, out string? manager) ? new DirectoryPerson(manager, manager, null) : null);

    private IEnumerable<string> Flatten(string group) => this.Groups.TryGetValue(group, out List<string>? members)
        ? members.SelectMany(m => this.Groups.ContainsKey(m) ? this.Flatten(m) : [m])
        : [];
}

using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.Notifications;

/// <summary>
/// The active policy's <c>directory</c> section as the people directory (the local host's default, no tenant needed).
/// The active policy is read on every call, so a newly published policy's people and groups apply at once. Groups
/// may contain groups; the parser refuses cycles, and expansion still visits each group once.
/// </summary>
public sealed class PolicyPeopleDirectory : IPeopleDirectory
{
    private readonly Func<CancellationToken, Task<PolicyDirectory>> source;

    public PolicyPeopleDirectory(PolicyCatalog catalog)
        : this(async cancellationToken => (await catalog.GetActiveAsync(cancellationToken).ConfigureAwait(false)).Document.Directory)
    {
        ArgumentNullException.ThrowIfNull(catalog);
    }

    /// <param name="source">Asked on every call (tests give a directory directly).</param>
    internal PolicyPeopleDirectory(Func<CancellationToken, Task<PolicyDirectory>> source) => this.source = source;

    public async Task<DirectoryPerson?> FindPersonAsync(string idOrMail, CancellationToken cancellationToken = default)
    {
        PolicyDirectory directory = await this.ActiveAsync(cancellationToken).ConfigureAwait(false);
        PolicyPerson? person = directory.People.FirstOrDefault(p => string.Equals(p.Id, idOrMail, StringComparison.Ordinal))
            ?? directory.People.FirstOrDefault(p => string.Equals(p.Mail, idOrMail, StringComparison.OrdinalIgnoreCase));
        return person is null ? null : ToPerson(person);
    }

    public async Task<bool> IsGroupAsync(string name, CancellationToken cancellationToken = default) =>
        (await this.ActiveAsync(cancellationToken).ConfigureAwait(false)).Groups.ContainsKey(name);

    public async Task<IReadOnlyList<DirectoryPerson>> GetGroupMembersAsync(string group, CancellationToken cancellationToken = default)
    {
        PolicyDirectory directory = await this.ActiveAsync(cancellationToken).ConfigureAwait(false);
        return MemberIds(directory, group).Select(id => Describe(directory, id)).ToArray();
    }

    public async Task<bool> IsMemberAsync(string person, string group, CancellationToken cancellationToken = default) =>
        MemberIds(await this.ActiveAsync(cancellationToken).ConfigureAwait(false), group).Contains(person, StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> GetGroupsOfAsync(string person, CancellationToken cancellationToken = default)
    {
        PolicyDirectory directory = await this.ActiveAsync(cancellationToken).ConfigureAwait(false);
        return directory.Groups.Keys
            .Where(group => MemberIds(directory, group).Contains(person, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public async Task<DirectoryPerson?> GetManagerAsync(string person, CancellationToken cancellationToken = default)
    {
        PolicyDirectory directory = await this.ActiveAsync(cancellationToken).ConfigureAwait(false);
        string? manager = directory.People.FirstOrDefault(p => string.Equals(p.Id, person, StringComparison.Ordinal))?.Manager;
        return string.IsNullOrEmpty(manager) ? null : Describe(directory, manager);
    }

    /// <summary>The people in a group, through nested groups, in first-seen order.</summary>
    internal static IReadOnlyList<string> MemberIds(PolicyDirectory directory, string group)
    {
        var people = new List<string>();
        var seenPeople = new HashSet<string>(StringComparer.Ordinal);
        var seenGroups = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(group);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            if (!seenGroups.Add(current) || !directory.Groups.TryGetValue(current, out IReadOnlyList<string>? members))
            {
                continue;
            }

            // Reversed so that nested groups come off the stack in the order the policy lists them.
            foreach (string member in members.Reverse())
            {
                if (directory.Groups.ContainsKey(member))
                {
                    pending.Push(member);
                }
                else if (seenPeople.Add(member))
                {
                    people.Add(member);
                }
            }
        }

        return people;
    }

    private static DirectoryPerson Describe(PolicyDirectory directory, string id) =>
        directory.People.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal)) is { } person
            ? ToPerson(person)
            : new DirectoryPerson(id, id, null);

    private static DirectoryPerson ToPerson(PolicyPerson person) => new(person.Id, person.DisplayName, person.Mail);

    private Task<PolicyDirectory> ActiveAsync(CancellationToken cancellationToken) => this.source(cancellationToken);
}

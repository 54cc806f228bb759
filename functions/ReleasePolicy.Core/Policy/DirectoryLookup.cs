namespace ReleasePolicy.Policy;

/// <summary>
/// Case-insensitive lookups over a parsed <see cref="PolicyDirectory"/>, built once per parse so that checking every
/// tier, list and member stays linear in the size of the policy, even for hostile input.
/// </summary>
internal sealed class DirectoryLookup
{
    private readonly HashSet<string> people;
    private readonly Dictionary<string, IReadOnlyList<string>> groups;

    public DirectoryLookup(PolicyDirectory directory)
    {
        people = new HashSet<string>(directory.People.Select(p => p.Id), StringComparer.OrdinalIgnoreCase);
        groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, members) in directory.Groups)
        {
            groups.TryAdd(name, members);
        }
    }

    public bool IsPerson(string name) => people.Contains(name);

    public bool IsGroup(string name) => groups.ContainsKey(name);

    /// <summary>
    /// Whether at least <paramref name="quorum"/> distinct people are among <paramref name="users"/> and the members of
    /// <paramref name="groups"/> (transitively), and how many were found; the walk stops once the quorum is reached.
    /// </summary>
    public (bool Reachable, int Found) CanMeet(int quorum, IEnumerable<string> tierGroups, IEnumerable<string> users)
    {
        if (quorum > people.Count)
        {
            return (false, people.Count);
        }

        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            if (people.Contains(user) && found.Add(user) && found.Count >= quorum)
            {
                return (true, found.Count);
            }
        }

        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(tierGroups);
        while (pending.TryPop(out var group))
        {
            if (!visited.Add(group) || !groups.TryGetValue(group, out var members))
            {
                continue;
            }

            foreach (var member in members)
            {
                if (!people.Contains(member))
                {
                    pending.Push(member);
                }
                else if (found.Add(member) && found.Count >= quorum)
                {
                    return (true, found.Count);
                }
            }
        }

        return (found.Count >= quorum, found.Count);
    }
}

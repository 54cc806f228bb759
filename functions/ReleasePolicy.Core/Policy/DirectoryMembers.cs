namespace ReleasePolicy.Policy;

/// <summary>Resolves a policy directory's groups to people, for the parser's checks that a quorum can be met.</summary>
internal static class DirectoryMembers
{
    /// <summary>
    /// The distinct people among <paramref name="users"/> and the members of <paramref name="groups"/>, transitively.
    /// Names the directory does not know are left out; a visited set keeps malformed nesting from looping.
    /// </summary>
    public static HashSet<string> People(PolicyDirectory directory, IEnumerable<string> groups, IEnumerable<string> users)
    {
        var people = new HashSet<string>(directory.People.Select(p => p.Id), StringComparer.OrdinalIgnoreCase);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            if (people.Contains(user))
            {
                found.Add(user);
            }
        }

        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(groups);
        while (pending.TryPop(out var group))
        {
            if (!visited.Add(group) || !TryMembers(directory, group, out var members))
            {
                continue;
            }

            foreach (var member in members)
            {
                if (people.Contains(member))
                {
                    found.Add(member);
                }
                else
                {
                    pending.Push(member);
                }
            }
        }

        return found;
    }

    // The parser builds the dictionary ignoring case; a hand-built directory may not, so fall back to a scan.
    private static bool TryMembers(PolicyDirectory directory, string group, out IReadOnlyList<string> members)
    {
        if (directory.Groups.TryGetValue(group, out members!))
        {
            return true;
        }

        foreach (var (name, list) in directory.Groups)
        {
            if (string.Equals(name, group, StringComparison.OrdinalIgnoreCase))
            {
                members = list;
                return true;
            }
        }

        members = [];
        return false;
    }
}

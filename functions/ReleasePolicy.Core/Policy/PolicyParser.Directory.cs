using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

public static partial class PolicyParser
{
    /// <summary>Longest mail address SMTP allows (RFC 5321 path limit).</summary>
    public const int MaxMailLength = 254;

    private static readonly string[] DirectoryKeys = ["people", "groups"];
    private static readonly string[] PersonKeys = ["id", "name", "mail", "manager"];

    /// <summary>
    /// The optional <c>directory</c> section: absent is <see cref="PolicyDirectory.Empty"/>, malformed is null. Ids and
    /// group names are unique ignoring case (identity matching ignores case everywhere), a name is a person or a group
    /// but not both, managers exist, group members are known people or groups, and groups do not contain themselves.
    /// </summary>
    private static PolicyDirectory? ReadDirectory(YamlFieldReader reader, YMapping policy)
    {
        const string path = "directory";
        if (reader.Field(policy, path, string.Empty, required: false) is null)
        {
            return PolicyDirectory.Empty;
        }

        var map = reader.StrictMapping(policy, path, string.Empty, required: true, DirectoryKeys);
        if (map is null)
        {
            return null;
        }

        var managers = new List<(string Manager, YMapping Item, string Path, string Id)>();
        var people = ReadNamedItems(
            reader, map, path, "people", PersonKeys, "at least one person is required", "id", id => $"person '{id}' is listed twice",
            (itemReader, item, itemPath, id) =>
            {
                var person = ReadPerson(itemReader, item, itemPath, id);
                if (person?.Manager is { } manager)
                {
                    managers.Add((manager, item, itemPath, person.Id));
                }

                return person;
            },
            PersonIdRule);
        if (people is null)
        {
            return null;
        }

        var ids = new HashSet<string>(people.Select(p => p.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var (manager, item, itemPath, id) in managers)
        {
            if (string.Equals(manager, id, StringComparison.OrdinalIgnoreCase))
            {
                reader.FieldError(item, "manager", itemPath, $"'{id}' cannot be their own manager");
            }
            else if (!ids.Contains(manager))
            {
                reader.FieldError(item, "manager", itemPath, $"manager '{manager}' is not a person in directory.people");
            }
        }

        var groups = ReadDirectoryGroups(reader, map, path, ids);
        return groups is null ? null : new PolicyDirectory(people, groups);
    }

    private static string? PersonIdRule(string id) => Identifiers.CheckText(id, Identifiers.MaxPersonLength);

    private static PolicyPerson? ReadPerson(YamlFieldReader reader, YMapping item, string path, string? id)
    {
        var name = Identifier(reader, item, "name", path, static text => Identifiers.CheckText(text, MaxNameLength));
        var mail = Identifier(reader, item, "mail", path, CheckMail);
        var manager = reader.Text(item, "manager", path, required: false);
        if (manager is not null && (string.IsNullOrWhiteSpace(manager) || PersonIdRule(manager) is not null))
        {
            reader.FieldError(item, "manager", path, "'manager' must be a person's id");
            return null;
        }

        return id is null || name is null || mail is null ? null : new PolicyPerson(id, name, mail, manager);
    }

    /// <summary>Only the shape Graph and SMTP need: one '@' with text on both sides, no spaces, bounded.</summary>
    private static string? CheckMail(string mail)
    {
        var at = mail.IndexOf('@', StringComparison.Ordinal);
        var shaped = at > 0 && at == mail.LastIndexOf('@') && at < mail.Length - 1 && !mail.Any(char.IsWhiteSpace);
        return !shaped
            ? "expected a mail address such as alice@contoso.example"
            : Identifiers.CheckText(mail, MaxMailLength);
    }

    private static Dictionary<string, IReadOnlyList<string>>? ReadDirectoryGroups(
        YamlFieldReader reader, YMapping directory, string directoryPath, HashSet<string> people)
    {
        var path = YamlFieldReader.Join(directoryPath, "groups");
        var groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var map = reader.Mapping(directory, "groups", directoryPath, required: false);
        if (map is null)
        {
            return directory["groups"] is null or YScalar { IsNull: true } ? groups : null;
        }

        // Names first, so that a member may name a group defined further down.
        foreach (var (key, _) in map.Entries)
        {
            var groupPath = YamlFieldReader.Join(path, key.Value);
            if (PersonIdRule(key.Value) is { } reason)
            {
                reader.Error(key, groupPath, $"group name: {reason}");
            }
            else if (people.Contains(key.Value))
            {
                reader.Error(key, groupPath, $"'{key.Value}' is both a person and a group; members would be ambiguous");
            }
            else if (!groups.TryAdd(key.Value, []))
            {
                reader.Error(key, groupPath, $"group '{key.Value}' is listed twice (names ignore case)");
            }
        }

        // Entries are walked with their values in hand: looking each key up by name would be quadratic in the group count.
        foreach (var (key, value) in map.Entries)
        {
            var groupPath = YamlFieldReader.Join(path, key.Value);
            if (value is YScalar { IsNull: true })
            {
                reader.Error(value, groupPath, $"'{key.Value}' is required");
                continue;
            }

            var members = ReadNameList(
                reader, value, groupPath,
                member => people.Contains(member) || groups.ContainsKey(member)
                    ? null
                    : $"'{member}' is neither a person in directory.people nor a group in directory.groups");
            if (members is not null && groups.ContainsKey(key.Value))
            {
                groups[key.Value] = members;
            }
        }

        return ReportGroupCycles(reader, map, path, groups) ? groups : null;
    }

    /// <summary>
    /// True when no group contains itself; each cycle is reported once, at the group that closes it. Iterative, so a
    /// long chain of nested groups cannot exhaust the stack.
    /// </summary>
    private static bool ReportGroupCycles(
        YamlFieldReader reader, YMapping map, string path, Dictionary<string, IReadOnlyList<string>> groups)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var onTrail = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var trail = new List<(string Group, int Next)>();
        var keys = new Dictionary<string, YScalar>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, _) in map.Entries)
        {
            keys.TryAdd(key.Value, key);
        }

        var acyclic = true;
        foreach (var root in groups.Keys)
        {
            if (!done.Add(root))
            {
                continue;
            }

            trail.Add((root, 0));
            onTrail.Add(root);
            while (trail.Count > 0)
            {
                var (group, next) = trail[^1];
                var members = groups[group];
                if (next == members.Count)
                {
                    trail.RemoveAt(trail.Count - 1);
                    onTrail.Remove(group);
                    continue;
                }

                trail[^1] = (group, next + 1);
                var member = members[next];
                if (onTrail.Contains(member))
                {
                    var open = trail.FindIndex(t => string.Equals(t.Group, member, StringComparison.OrdinalIgnoreCase));
                    var cycle = string.Join(" → ", trail.Skip(open).Select(t => t.Group).Append(member));
                    var key = keys[group];
                    reader.Error(key, YamlFieldReader.Join(path, key.Value), $"group '{member}' contains itself: {cycle}");
                    acyclic = false;
                }
                else if (groups.ContainsKey(member) && done.Add(member))
                {
                    trail.Add((member, 0));
                    onTrail.Add(member);
                }
            }
        }

        return acyclic;
    }
}

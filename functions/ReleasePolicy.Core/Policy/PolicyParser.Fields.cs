using ReleasePolicy.Policy.Yaml;

namespace ReleasePolicy.Policy;

/// <summary>Field readers the approval sections share: whole-second durations and lists of people or group names.</summary>
public static partial class PolicyParser
{
    /// <summary>A duration in whole seconds of at least one (durable timers have whole-second granularity).</summary>
    private static TimeSpan? ReadWholeDuration(YamlFieldReader reader, YMapping map, string key, string path, bool required)
    {
        var node = reader.Field(map, key, path, required);
        return node is null ? null : WholeDuration(reader, node, YamlFieldReader.Join(path, key));
    }

    private static TimeSpan? WholeDuration(YamlFieldReader reader, YNode node, string path)
    {
        var text = reader.Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var duration) && duration.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return duration;
        }

        reader.Error(node, path, $"expected a duration of whole seconds, ISO 8601 (e.g. PT4H, P1DT12H, PT30S) or hh:mm:ss, but found '{text}'");
        return null;
    }

    /// <summary>
    /// A list of people or group names (one name alone is accepted as a list), each checked by <paramref name="rule"/>,
    /// which returns why a name is not acceptable; a name listed twice (ignoring case) is reported. Absent and not
    /// required: an empty list.
    /// </summary>
    private static List<string>? ReadNameList(
        YamlFieldReader reader, YMapping map, string key, string path, bool required, Func<string, string?> rule)
    {
        var node = reader.Field(map, key, path, required);
        return node is null ? (required ? null : []) : ReadNameList(reader, node, YamlFieldReader.Join(path, key), rule);
    }

    /// <summary><see cref="ReadNameList(YamlFieldReader, YMapping, string, string, bool, Func{string, string?})"/> for a node in hand.</summary>
    private static List<string>? ReadNameList(YamlFieldReader reader, YNode node, string fieldPath, Func<string, string?> rule)
    {

        IReadOnlyList<YNode>? items = node is YScalar ? [node] : reader.Sequence(node, fieldPath)?.Items;
        if (items is null)
        {
            return null;
        }

        var names = new List<string>(items.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YScalar ? fieldPath : YamlFieldReader.Index(fieldPath, i);
            if (items[i] is not YScalar { IsNull: false } scalar || string.IsNullOrWhiteSpace(scalar.Value))
            {
                reader.Error(items[i], itemPath, $"expected a name but found {YamlFieldReader.Describe(items[i])}");
            }
            else if ((PersonIdRule(scalar.Value) ?? rule(scalar.Value)) is { } reason)
            {
                reader.Error(items[i], itemPath, reason);
            }
            else if (!seen.Add(scalar.Value))
            {
                reader.Error(items[i], itemPath, $"'{scalar.Value}' is listed twice");
            }
            else
            {
                names.Add(scalar.Value);
            }
        }

        return names;
    }

    private static Func<string, string?> GroupRule(DirectoryLookup? directory) => name =>
        directory is null || directory.IsGroup(name) ? null : $"group '{name}' is not in directory.groups";

    private static Func<string, string?> PersonRule(DirectoryLookup? directory) => name =>
        directory is null || directory.IsPerson(name) ? null : $"person '{name}' is not in directory.people";

    private static Func<string, string?> PersonOrGroupRule(DirectoryLookup? directory) => name =>
        directory is null || directory.IsPerson(name) || directory.IsGroup(name)
            ? null
            : $"'{name}' is neither a person in directory.people nor a group in directory.groups";
}

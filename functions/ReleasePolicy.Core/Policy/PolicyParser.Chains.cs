using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

public static partial class PolicyParser
{
    /// <summary>Longest policy statement (an auto-approval rule, a timeout's approval words) kept with decisions.</summary>
    public const int MaxStatementLength = 1000;

    private static readonly string[] ChainKeys = ["distinctApproversAcrossTiers", "tiers"];
    private static readonly string[] ApprovalTierKeys = ["name", "approvers", "quorum", "sla", "timeout"];
    private static readonly string[] ApproverKeys = ["groups", "users"];
    private static readonly string[] SlaKeys = ["reminders", "escalateAfter", "escalateTo"];
    private static readonly string[] TimeoutKeys = ["after", "outcome", "statement"];
    private static readonly string[] EscalationGroupKeys = ["group"];
    private static readonly string[] TimeoutOutcomeNames = ["reject", "escalate", "approve"];
    private static readonly string[] EscalationNames = ["nextTier", "manager", "{ group: <name> }"];

    /// <summary>
    /// An approval chain (<c>distinctApproversAcrossTiers</c>, <c>tiers</c>) named by its <paramref name="path"/>, e.g.
    /// <c>oversight.cab</c>. When the policy has a directory, approver names must be in it and every quorum reachable.
    /// </summary>
    private static ApprovalChain? ReadChain(YamlFieldReader reader, YMapping map, string path, DirectoryLookup? directory)
    {
        var distinct = reader.Bool(map, "distinctApproversAcrossTiers", path, required: false) ?? false;
        var last = map["tiers"] is YSequence { Items.Count: > 0 } sequence ? sequence.Items[^1] : null;
        var errorsBefore = reader.Errors.Count;
        var tiers = ReadNamedItems(
            reader, map, path, "tiers", ApprovalTierKeys, "at least one tier is required", "name", name => $"tier '{name}' is listed twice",
            (itemReader, item, itemPath, name) => ReadTier(itemReader, item, itemPath, name, ReferenceEquals(item, last), directory),
            // Tier names become parts of keys and event names: the same rule as environment names.
            Identifiers.CheckEnvironment);
        return tiers is null || reader.Errors.Count > errorsBefore ? null : new ApprovalChain(path, tiers, distinct);
    }

    private static ApprovalTier? ReadTier(
        YamlFieldReader reader, YMapping item, string path, string? name, bool isLast, DirectoryLookup? directory)
    {
        var (groups, users) = ReadApprovers(reader, item, path, directory);
        var quorum = ReadQuorum(reader, item, path, groups, users, directory);
        var timeout = ReadTimeout(reader, item, path);
        var sla = ReadSla(reader, item, path, timeout, isLast, directory);
        return name is null || groups is null || users is null || quorum is null || timeout is null || sla is null
            ? null
            : new ApprovalTier(name, groups, users, quorum.Value, sla, timeout);
    }

    private static (List<string>? Groups, List<string>? Users) ReadApprovers(
        YamlFieldReader reader, YMapping item, string path, DirectoryLookup? directory)
    {
        var map = reader.StrictMapping(item, "approvers", path, required: true, ApproverKeys);
        if (map is null)
        {
            return (null, null);
        }

        var approversPath = YamlFieldReader.Join(path, "approvers");
        var groups = ReadNameList(reader, map, "groups", approversPath, required: false, GroupRule(directory));
        var users = ReadNameList(reader, map, "users", approversPath, required: false, PersonRule(directory));
        if (groups is { Count: 0 } && users is { Count: 0 })
        {
            reader.Error(map, approversPath, "at least one approver group or user is required");
            return (null, null);
        }

        return (groups, users);
    }

    private static int? ReadQuorum(
        YamlFieldReader reader, YMapping item, string path, List<string>? groups, List<string>? users, DirectoryLookup? directory)
    {
        var quorum = reader.Integer(item, "quorum", path, required: true);
        if (quorum is null || groups is null || users is null)
        {
            return quorum;
        }

        string? problem = null;
        if (quorum < 1)
        {
            problem = $"quorum must be at least 1 (found {quorum})";
        }
        else if (groups.Count == 0 && quorum > users.Count)
        {
            problem = $"quorum {quorum} exceeds the {users.Count} listed user(s), so it could never be met";
        }
        else if (directory?.CanMeet(quorum.Value, groups, users) is (false, var found))
        {
            problem = $"quorum {quorum} cannot be met: the directory resolves this tier's approvers to {found} person(s)";
        }

        if (problem is null)
        {
            return quorum;
        }

        reader.FieldError(item, "quorum", path, problem);
        return null;
    }

    private static TierTimeout? ReadTimeout(YamlFieldReader reader, YMapping item, string path)
    {
        var map = reader.StrictMapping(item, "timeout", path, required: true, TimeoutKeys);
        if (map is null)
        {
            return null;
        }

        var timeoutPath = YamlFieldReader.Join(path, "timeout");
        var after = ReadWholeDuration(reader, map, "after", timeoutPath, required: true);
        var outcome = ReadChoice<TimeoutOutcome>(
            reader,
            map,
            "outcome",
            timeoutPath,
            static (string text, out TimeoutOutcome value) => TryParseIndexed(TimeoutOutcomeNames, text, out value),
            text => YamlFieldReader.Unknown("timeout outcome", text, TimeoutOutcomeNames));
        var statement = reader.Text(map, "statement", timeoutPath, required: false);
        if (outcome == TimeoutOutcome.Approve && string.IsNullOrWhiteSpace(statement))
        {
            // Approving without anyone answering is allowed only where the policy says so in words, recorded with it.
            reader.Error(
                map["statement"] ?? map["outcome"],
                YamlFieldReader.Join(timeoutPath, "statement"),
                "outcome approve needs a 'statement': the policy's words for approving when nobody answers, recorded with the approval");
            return null;
        }

        if (statement is not null && outcome is not null and not TimeoutOutcome.Approve)
        {
            reader.FieldError(map, "statement", timeoutPath, "'statement' only applies to outcome approve");
            return null;
        }

        if (statement is not null && Identifiers.CheckText(statement, MaxStatementLength) is { } reason)
        {
            reader.FieldError(map, "statement", timeoutPath, $"'statement': {reason}");
            return null;
        }

        return after is null || outcome is null ? null : new TierTimeout(after.Value, outcome.Value, statement);
    }

    private static TierSla? ReadSla(
        YamlFieldReader reader, YMapping item, string path, TierTimeout? timeout, bool isLast, DirectoryLookup? directory)
    {
        var slaPath = YamlFieldReader.Join(path, "sla");
        var map = reader.StrictMapping(item, "sla", path, required: false, SlaKeys);
        if (map is null && item["sla"] is not (null or YScalar { IsNull: true }))
        {
            return null;
        }

        var reminders = map is null ? [] : ReadReminders(reader, map, slaPath, timeout);
        var escalateAfter = map is null ? null : ReadWholeDuration(reader, map, "escalateAfter", slaPath, required: false);
        var escalateTo = map is null ? null : ReadEscalationTarget(reader, map, slaPath, isLast, directory);
        var valid = reminders is not null;

        if (escalateAfter is { } after && timeout is not null && after >= timeout.After)
        {
            reader.FieldError(map!, "escalateAfter", slaPath, $"escalation at {DurationText.Format(after)} is not before the timeout at {DurationText.Format(timeout.After)}");
            valid = false;
        }

        if (escalateAfter is not null && map!["escalateTo"] is null)
        {
            reader.FieldError(map, "escalateAfter", slaPath, "escalateAfter needs escalateTo (nextTier, manager or { group: <name> })");
            valid = false;
        }

        if (map?["escalateTo"] is { } targetNode && map["escalateAfter"] is null && timeout is { Outcome: not TimeoutOutcome.Escalate })
        {
            reader.Error(targetNode, YamlFieldReader.Join(slaPath, "escalateTo"), "escalateTo is never used: set escalateAfter, or timeout outcome escalate");
            valid = false;
        }

        if (timeout is { Outcome: TimeoutOutcome.Escalate } && map?["escalateTo"] is null)
        {
            reader.Error(item["timeout"], YamlFieldReader.Join(path, "timeout.outcome"), "outcome escalate needs sla.escalateTo (whom to ask when the tier times out)");
            valid = false;
        }

        return valid && (map?["escalateTo"] is null || escalateTo is not null)
            ? new TierSla(reminders!, escalateAfter, escalateTo)
            : null;
    }

    /// <summary>Reminder offsets: strictly ascending, each before the timeout.</summary>
    private static List<TimeSpan>? ReadReminders(YamlFieldReader reader, YMapping sla, string slaPath, TierTimeout? timeout)
    {
        var node = reader.Field(sla, "reminders", slaPath, required: false);
        var path = YamlFieldReader.Join(slaPath, "reminders");
        if (node is null)
        {
            return [];
        }

        IReadOnlyList<YNode>? items = node is YScalar ? [node] : reader.Sequence(node, path)?.Items;
        if (items is null)
        {
            return null;
        }

        var reminders = new List<TimeSpan>(items.Count);
        var valid = true;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = node is YScalar ? path : YamlFieldReader.Index(path, i);
            if (WholeDuration(reader, items[i], itemPath) is not { } reminder)
            {
                valid = false;
                continue;
            }

            if (reminders.Count > 0 && reminder <= reminders[^1])
            {
                reader.Error(items[i], itemPath, $"reminders must be in ascending order ({DurationText.Format(reminder)} is not after {DurationText.Format(reminders[^1])})");
                valid = false;
            }
            else if (timeout is not null && reminder >= timeout.After)
            {
                reader.Error(items[i], itemPath, $"reminder at {DurationText.Format(reminder)} is not before the timeout at {DurationText.Format(timeout.After)}");
                valid = false;
            }

            reminders.Add(reminder);
        }

        return valid ? reminders : null;
    }

    /// <summary><c>nextTier</c> (not on the last tier), <c>manager</c>, or <c>{ group: name }</c>.</summary>
    private static EscalationTarget? ReadEscalationTarget(
        YamlFieldReader reader, YMapping sla, string slaPath, bool isLast, DirectoryLookup? directory)
    {
        var node = reader.Field(sla, "escalateTo", slaPath, required: false);
        var path = YamlFieldReader.Join(slaPath, "escalateTo");
        switch (node)
        {
            case null:
                return null;
            case YScalar { Value: "nextTier" } when isLast:
                reader.Error(node, path, "nextTier on the last tier: there is no next tier to escalate to");
                return null;
            case YScalar { Value: "nextTier" }:
                return new EscalationTarget(EscalationKind.NextTier, null);
            case YScalar { Value: "manager" }:
                return new EscalationTarget(EscalationKind.Manager, null);
            case YScalar scalar:
                reader.Error(node, path, YamlFieldReader.Unknown("escalation target", scalar.Value, EscalationNames));
                return null;
        }

        var map = reader.StrictMapping(node, path, EscalationGroupKeys);
        var group = map is null ? null : Identifier(reader, map, "group", path, text => PersonIdRule(text) ?? GroupRule(directory)(text));
        return group is null ? null : new EscalationTarget(EscalationKind.Group, group);
    }
}

namespace ReleasePolicy.Policy;

/// <summary>
/// How a policy list of people and groups (<c>skipPreApprovalFor</c>, <c>freezeOverrideBy</c>) grants something to a
/// person: the first entry that is the person or one of their groups, ignoring case like RACI entries.
/// </summary>
public static class NamedGrant
{
    /// <returns>The entry that grants it, to record with the decision; null when none does.</returns>
    public static string? Find(IEnumerable<string> named, string? person, IReadOnlyList<string>? groups)
    {
        ArgumentNullException.ThrowIfNull(named);
        if (string.IsNullOrWhiteSpace(person))
        {
            return null;
        }

        return named.FirstOrDefault(entry =>
            string.Equals(entry, person, StringComparison.OrdinalIgnoreCase)
            || (groups ?? []).Any(group => string.Equals(entry, group, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The words recorded with a grant: the entry, and how the person holds it.</summary>
    public static string Describe(string clause, string entry, string person) =>
        string.Equals(entry, person, StringComparison.OrdinalIgnoreCase) ? $"{clause} names {entry}" : $"{clause} names {entry}, and {person} is a member";
}

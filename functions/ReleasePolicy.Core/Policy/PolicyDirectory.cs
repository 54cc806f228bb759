namespace ReleasePolicy.Policy;

/// <summary>
/// The policy's built-in directory: sample people and groups the local host uses instead of a tenant (Microsoft
/// Graph is used in Azure). Groups may contain people and other groups.
/// </summary>
public sealed record PolicyDirectory(IReadOnlyList<PolicyPerson> People, IReadOnlyDictionary<string, IReadOnlyList<string>> Groups)
{
    public static PolicyDirectory Empty { get; } = new([], new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));
}

/// <param name="Id">How the policy and requests name the person (e.g. <c>alice</c>); in Azure, a user principal name.</param>
/// <param name="Manager">The manager's <see cref="Id"/>, for escalation.</param>
public sealed record PolicyPerson(string Id, string DisplayName, string Mail, string? Manager);

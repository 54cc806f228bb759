namespace ReleasePolicy.Notifications;

/// <summary>
/// Who is who: group members, memberships, managers. Microsoft Graph in Azure; the policy's built-in directory locally.
/// Every answer is read at the time of asking (no caching of memberships), because approvals check membership at the
/// moment of the decision.
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>A person by id (user principal name) or mail address; null when unknown.</summary>
    Task<DirectoryPerson?> FindPersonAsync(string idOrMail, CancellationToken cancellationToken = default);

    /// <summary>Whether the name is a group (rather than a person) in the directory.</summary>
    Task<bool> IsGroupAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The people in a group, through nested groups; empty when the group is unknown.</summary>
    Task<IReadOnlyList<DirectoryPerson>> GetGroupMembersAsync(string group, CancellationToken cancellationToken = default);

    /// <summary>Whether the person is in the group now, directly or through nested groups.</summary>
    Task<bool> IsMemberAsync(string person, string group, CancellationToken cancellationToken = default);

    /// <summary>Every group the person is in, directly or through nested groups (by group name).</summary>
    Task<IReadOnlyList<string>> GetGroupsOfAsync(string person, CancellationToken cancellationToken = default);

    /// <summary>The person's manager; null when none is recorded.</summary>
    Task<DirectoryPerson?> GetManagerAsync(string person, CancellationToken cancellationToken = default);
}

/// <param name="Id">The identity decisions are recorded under (the policy's name for the person; a UPN in Azure).</param>
public sealed record DirectoryPerson(string Id, string DisplayName, string? Mail);

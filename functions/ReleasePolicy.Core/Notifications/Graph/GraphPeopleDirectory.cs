using Microsoft.Graph.Models;

namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// The tenant's directory through Microsoft Graph: a person's id is their user principal name; a group is named by
/// its <c>mailNickname</c>. Nothing is cached (membership is checked at the moment of a decision); every page of a
/// paged answer is read. Names that Entra could not hold are answered "not found" without a request.
/// </summary>
public sealed class GraphPeopleDirectory(GraphConnection graph) : IPeopleDirectory
{
    private static readonly string[] UserFields = ["id", "userPrincipalName", "displayName", "mail"];
    private static readonly string[] GroupFields = ["id", "mailNickname"];

    public async Task<DirectoryPerson?> FindPersonAsync(string idOrMail, CancellationToken cancellationToken = default)
    {
        if (!ODataText.IsUserName(idOrMail))
        {
            return null;
        }

        string literal = ODataText.Literal(idOrMail);
        UserCollectionResponse? found = await GraphCalls.OrWhenNotFound(
            () => graph.Client.Users.GetAsync(
                request =>
                {
                    request.QueryParameters.Filter = $"userPrincipalName eq {literal} or mail eq {literal}";
                    request.QueryParameters.Select = UserFields;
                },
                cancellationToken),
            null).ConfigureAwait(false);
        List<User> users = found?.Value ?? [];

        // A principal name is unique; a mail address should be, and the principal name wins if both match.
        User? user = users.Find(u => string.Equals(u.UserPrincipalName, idOrMail, StringComparison.OrdinalIgnoreCase)) ?? users.FirstOrDefault();
        return user is null ? null : ToPerson(user);
    }

    public async Task<bool> IsGroupAsync(string name, CancellationToken cancellationToken = default) =>
        await this.FindGroupIdAsync(name, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<IReadOnlyList<DirectoryPerson>> GetGroupMembersAsync(string group, CancellationToken cancellationToken = default)
    {
        if (await this.FindGroupIdAsync(group, cancellationToken).ConfigureAwait(false) is not { } groupId)
        {
            return [];
        }

        var members = new List<DirectoryPerson>();
        UserCollectionResponse? page = await GraphCalls.OrWhenNotFound(
            () => graph.Client.Groups[groupId].TransitiveMembers.GraphUser.GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken),
            null).ConfigureAwait(false);
        while (page is not null)
        {
            members.AddRange((page.Value ?? []).Where(u => !string.IsNullOrEmpty(u.UserPrincipalName)).Select(ToPerson));
            if (string.IsNullOrEmpty(page.OdataNextLink))
            {
                break;
            }

            string next = page.OdataNextLink;
            page = await GraphCalls.OrWhenNotFound(
                () => graph.Client.Groups[groupId].TransitiveMembers.GraphUser.WithUrl(next).GetAsync(cancellationToken: cancellationToken),
                null).ConfigureAwait(false);
        }

        // Transitive membership lists a person once per path in some tenants; one row per person.
        return members.DistinctBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public async Task<bool> IsMemberAsync(string person, string group, CancellationToken cancellationToken = default)
    {
        if (!ODataText.IsUserName(person) || await this.FindGroupIdAsync(group, cancellationToken).ConfigureAwait(false) is not { } groupId)
        {
            return false;
        }

        // checkMemberGroups is transitive and asks the directory now, not a token's cached group claims.
        var body = new Microsoft.Graph.Users.Item.CheckMemberGroups.CheckMemberGroupsPostRequestBody { GroupIds = [groupId] };
        Microsoft.Graph.Users.Item.CheckMemberGroups.CheckMemberGroupsPostResponse? answer = await GraphCalls.OrWhenNotFound(
            () => graph.Client.Users[person].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(body, cancellationToken: cancellationToken),
            null).ConfigureAwait(false);
        return answer?.Value?.Contains(groupId, StringComparer.OrdinalIgnoreCase) == true;
    }

    public async Task<IReadOnlyList<string>> GetGroupsOfAsync(string person, CancellationToken cancellationToken = default)
    {
        if (!ODataText.IsUserName(person))
        {
            return [];
        }

        var names = new List<string>();
        GroupCollectionResponse? page = await GraphCalls.OrWhenNotFound(
            () => graph.Client.Users[person].TransitiveMemberOf.GraphGroup.GetAsync(r => r.QueryParameters.Select = GroupFields, cancellationToken),
            null).ConfigureAwait(false);
        while (page is not null)
        {
            // Groups without a mail nickname (some security groups) cannot be named by the policy: left out.
            names.AddRange((page.Value ?? []).Select(g => g.MailNickname).OfType<string>().Where(n => n.Length > 0));
            if (string.IsNullOrEmpty(page.OdataNextLink))
            {
                break;
            }

            string next = page.OdataNextLink;
            page = await GraphCalls.OrWhenNotFound(
                () => graph.Client.Users[person].TransitiveMemberOf.GraphGroup.WithUrl(next).GetAsync(cancellationToken: cancellationToken),
                null).ConfigureAwait(false);
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public async Task<DirectoryPerson?> GetManagerAsync(string person, CancellationToken cancellationToken = default)
    {
        if (!ODataText.IsUserName(person))
        {
            return null;
        }

        DirectoryObject? manager = await GraphCalls.OrWhenNotFound(
            () => graph.Client.Users[person].Manager.GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken),
            null).ConfigureAwait(false);

        // A manager can be an organisational contact; only a user can be asked to approve.
        return manager is User { UserPrincipalName.Length: > 0 } user ? ToPerson(user) : null;
    }

    private async Task<string?> FindGroupIdAsync(string name, CancellationToken cancellationToken)
    {
        if (!ODataText.IsMailNickname(name))
        {
            return null;
        }

        GroupCollectionResponse? found = await GraphCalls.OrWhenNotFound(
            () => graph.Client.Groups.GetAsync(
                request =>
                {
                    request.QueryParameters.Filter = $"mailNickname eq {ODataText.Literal(name)}";
                    request.QueryParameters.Select = GroupFields;
                },
                cancellationToken),
            null).ConfigureAwait(false);
        return found?.Value?.FirstOrDefault(g => !string.IsNullOrEmpty(g.Id))?.Id;
    }

    private static DirectoryPerson ToPerson(User user) =>
        new(user.UserPrincipalName!, string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserPrincipalName! : user.DisplayName, user.Mail);
}

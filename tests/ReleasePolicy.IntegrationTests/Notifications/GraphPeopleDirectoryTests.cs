using ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;
using ReleasePolicy.Notifications;
using ReleasePolicy.Notifications.Graph;

namespace ReleasePolicy.IntegrationTests.Notifications;

/// <summary>The real Microsoft Graph SDK, configured the app's way, against the local Graph stub.</summary>
public sealed class GraphPeopleDirectoryTests : IAsyncLifetime
{
    private GraphStubServer stub = null!;
    private GraphConnection graph = null!;
    private GraphPeopleDirectory directory = null!;

    public async Task InitializeAsync()
    {
        this.stub = await GraphStubServer.StartAsync();
        this.stub.AddUser("alice@contoso.test", "Alice Adams", manager: "mia@contoso.test");
        this.stub.AddUser("bob@contoso.test", "Bob Brown", mail: "bob.brown@contoso.test");
        this.stub.AddUser("carol@contoso.test", "Carol Chen");
        this.stub.AddUser("dave@contoso.test", "Dave Diaz");
        this.stub.AddUser("erin@contoso.test", "Erin Eng");
        this.stub.AddUser("mia@contoso.test", "Mia Moore");
        this.stub.AddUser("o'brien@contoso.test", "Pat O'Brien");
        this.stub.AddGroup("change-advisory-board", "alice@contoso.test", "bob@contoso.test", "cab-deputies");
        this.stub.AddGroup("cab-deputies", "carol@contoso.test", "dave@contoso.test", "senior");
        this.stub.AddGroup("senior", "erin@contoso.test", "alice@contoso.test");
        this.stub.AddGroup("o'brien-team", "o'brien@contoso.test");
        this.graph = this.stub.Connect();
        this.directory = new GraphPeopleDirectory(this.graph);
    }

    public async Task DisposeAsync()
    {
        this.graph.Dispose();
        await this.stub.DisposeAsync();
    }

    [Fact]
    public async Task GetGroupMembers_NestedGroupsAcrossPages_EveryPersonOnce()
    {
        IReadOnlyList<DirectoryPerson> members = await this.directory.GetGroupMembersAsync("change-advisory-board");

        Assert.Equal(
            ["alice@contoso.test", "bob@contoso.test", "carol@contoso.test", "dave@contoso.test", "erin@contoso.test"],
            members.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(new DirectoryPerson("bob@contoso.test", "Bob Brown", "bob.brown@contoso.test"), members.Single(m => m.Id == "bob@contoso.test"));

        // Five people in pages of two: the SDK followed @odata.nextLink twice.
        RecordedRequest[] pages = this.stub.Requests.Where(r => r.PathAndQuery.Contains("/transitiveMembers/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, pages.Length);
        Assert.Contains(pages, p => p.PathAndQuery.Contains("$skiptoken=4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetGroupMembers_FindsTheGroupByMailNicknameFilter()
    {
        await this.directory.GetGroupMembersAsync("senior");

        RecordedRequest lookup = this.stub.Requests.First();
        Assert.StartsWith("/v1.0/groups?", lookup.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("mailNickname eq 'senior'", Uri.UnescapeDataString(lookup.PathAndQuery), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownGroup_EmptyAndNotMember()
    {
        Assert.Empty(await this.directory.GetGroupMembersAsync("no-such-group"));
        Assert.False(await this.directory.IsGroupAsync("no-such-group"));
        Assert.False(await this.directory.IsMemberAsync("alice@contoso.test", "no-such-group"));
    }

    [Fact]
    public async Task IsMember_ThroughNestedGroup_TrueThenFalseOnceRemoved()
    {
        Assert.True(await this.directory.IsMemberAsync("erin@contoso.test", "change-advisory-board"));

        this.stub.RemoveMember("senior", "erin@contoso.test");

        Assert.False(await this.directory.IsMemberAsync("erin@contoso.test", "change-advisory-board"));
        Assert.Contains(this.stub.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/checkMemberGroups", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IsMember_UnknownPerson_False() =>
        Assert.False(await this.directory.IsMemberAsync("nobody@contoso.test", "senior"));

    [Fact]
    public async Task GetGroupsOf_NamesByMailNicknameThroughNesting()
    {
        IReadOnlyList<string> groups = await this.directory.GetGroupsOfAsync("erin@contoso.test");

        Assert.Equal(["cab-deputies", "change-advisory-board", "senior"], groups.Order(StringComparer.Ordinal));
        Assert.Contains(this.stub.Requests, r => r.PathAndQuery.Contains("/transitiveMemberOf/", StringComparison.Ordinal) && r.PathAndQuery.Contains("$skiptoken=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetManager_KnownNoneAndUnknownPerson()
    {
        Assert.Equal("mia@contoso.test", (await this.directory.GetManagerAsync("alice@contoso.test"))?.Id);
        Assert.Null(await this.directory.GetManagerAsync("bob@contoso.test"));
        Assert.Null(await this.directory.GetManagerAsync("nobody@contoso.test"));
    }

    [Fact]
    public async Task FindPerson_ByPrincipalNameOrMail()
    {
        Assert.Equal("Alice Adams", (await this.directory.FindPersonAsync("alice@contoso.test"))?.DisplayName);
        Assert.Equal("bob@contoso.test", (await this.directory.FindPersonAsync("bob.brown@contoso.test"))?.Id);
        Assert.Null(await this.directory.FindPersonAsync("nobody@contoso.test"));
    }

    [Fact]
    public async Task Apostrophes_AreEscapedAsODataLiterals()
    {
        Assert.Equal("Pat O'Brien", (await this.directory.FindPersonAsync("o'brien@contoso.test"))?.DisplayName);
        Assert.Equal(["o'brien@contoso.test"], (await this.directory.GetGroupMembersAsync("o'brien-team")).Select(m => m.Id));

        string[] queries = this.stub.Requests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ToArray();
        Assert.Contains(queries, q => q.Contains("userPrincipalName eq 'o''brien@contoso.test' or mail eq 'o''brien@contoso.test'", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("mailNickname eq 'o''brien-team'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FilterInjection_NeverSent()
    {
        Assert.Null(await this.directory.FindPersonAsync("x' or mail ne 'y"));
        Assert.Empty(await this.directory.GetGroupMembersAsync("senior' or mailNickname ne 'x"));
        Assert.False(await this.directory.IsMemberAsync("alice@contoso.test/../../groups", "senior"));

        Assert.Empty(this.stub.Requests);
    }

    [Fact]
    public async Task EveryRequest_CarriesTheBearerToken()
    {
        await this.directory.GetGroupMembersAsync("change-advisory-board");
        await this.directory.GetManagerAsync("alice@contoso.test");

        Assert.NotEmpty(this.stub.Requests);
        Assert.All(this.stub.Requests, r => Assert.Equal("Bearer " + GraphStubServer.Token, r.Headers["authorization"]));
    }

    [Fact]
    public async Task Throttled_RetriedBySdkHandlers_ThenAnswers()
    {
        this.stub.FailNext(429, 1, retryAfterSeconds: 1);

        Assert.True(await this.directory.IsGroupAsync("senior"));

        Assert.Equal(2, this.stub.Requests.Count);
    }

    [Fact]
    public async Task StillUnavailableAfterRetries_Thrown()
    {
        this.stub.FailNext(503, 10, retryAfterSeconds: 0);

        GraphUnavailableException error = await Assert.ThrowsAsync<GraphUnavailableException>(() => this.directory.IsGroupAsync("senior"));

        Assert.Equal(503, error.StatusCode);
        Assert.True(this.stub.Requests.Count > 1, "the SDK's retry handler did not retry");
    }

    [Fact]
    public async Task ServerError_Thrown_NotTakenForNotFound()
    {
        this.stub.FailNext(500, 1);

        GraphUnavailableException error = await Assert.ThrowsAsync<GraphUnavailableException>(() => this.directory.GetGroupMembersAsync("senior"));

        Assert.Equal(500, error.StatusCode);
        Assert.Single(this.stub.Requests, r => r.PathAndQuery.StartsWith("/v1.0/groups?", StringComparison.Ordinal));
    }
}

using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Notifications;

public sealed class PolicyPeopleDirectoryTests
{
    private readonly PolicyPeopleDirectory directory = new(_ => Task.FromResult(DirectoryFixtures.Directory));

    [Fact]
    public async Task GetGroupMembers_NestedGroups_EveryPersonOnce()
    {
        IReadOnlyList<DirectoryPerson> members = await this.directory.GetGroupMembersAsync("cab");

        Assert.Equal(["alice", "bob", "carol"], members.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal("Bob Brown", members.Single(m => m.Id == "bob").DisplayName);
    }

    [Fact]
    public async Task GetGroupMembers_UnknownOrEmptyGroup_Empty()
    {
        Assert.Empty(await this.directory.GetGroupMembersAsync("nobody"));
        Assert.Empty(await this.directory.GetGroupMembersAsync("empty"));
    }

    [Theory]
    [InlineData("carol", "cab", true)]
    [InlineData("carol", "senior", true)]
    [InlineData("dave", "cab", false)]
    [InlineData("cab-deputies", "cab", false)]
    [InlineData("alice", "nobody", false)]
    public async Task IsMember_ThroughNestedGroups_AsTheDirectorySays(string person, string group, bool expected) =>
        Assert.Equal(expected, await this.directory.IsMemberAsync(person, group));

    [Fact]
    public async Task GetGroupsOf_IncludesGroupsReachedThroughNesting()
    {
        Assert.Equal(["cab", "cab-deputies", "senior"], await this.directory.GetGroupsOfAsync("carol"));
        Assert.Empty(await this.directory.GetGroupsOfAsync("mia"));
    }

    [Fact]
    public async Task GetManager_KnownAndUnknown()
    {
        Assert.Equal("mia", (await this.directory.GetManagerAsync("alice"))?.Id);
        Assert.Null(await this.directory.GetManagerAsync("dave"));
        Assert.Null(await this.directory.GetManagerAsync("stranger"));
    }

    [Fact]
    public async Task FindPerson_ByIdOrMail()
    {
        Assert.Equal("bob", (await this.directory.FindPersonAsync("bob"))?.Id);
        Assert.Equal("bob", (await this.directory.FindPersonAsync("BOB@contoso.test"))?.Id);
        Assert.Null(await this.directory.FindPersonAsync("Bob"));
        Assert.True(await this.directory.IsGroupAsync("senior"));
        Assert.False(await this.directory.IsGroupAsync("alice"));
    }

    [Fact]
    public async Task EveryCall_ReadsTheCurrentDirectory()
    {
        PolicyDirectory current = DirectoryFixtures.Directory;
        var live = new PolicyPeopleDirectory(_ => Task.FromResult(current));
        Assert.True(await live.IsMemberAsync("dave", "council"));

        current = current with { Groups = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { ["council"] = ["mia"] } };

        Assert.False(await live.IsMemberAsync("dave", "council"));
        Assert.True(await live.IsMemberAsync("mia", "council"));
    }
}

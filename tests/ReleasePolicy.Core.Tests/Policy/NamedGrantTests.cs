using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

public class NamedGrantTests
{
    [Theory]
    [InlineData("olivia", "olivia")]
    [InlineData("OLIVIA", "olivia")]
    [InlineData("peggy", "release-managers")]
    public void Find_PersonOrOneOfTheirGroupsNamed_ReturnsTheEntry(string person, string expected)
    {
        string? entry = NamedGrant.Find(["olivia", "release-managers"], person, person == "peggy" ? ["web-team", "Release-Managers"] : []);

        Assert.Equal(expected, entry);
    }

    [Theory]
    [InlineData("dave")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_NeitherThePersonNorAGroupNamed_ReturnsNull(string? person)
    {
        Assert.Null(NamedGrant.Find(["release-managers"], person, ["web-team"]));
    }

    [Fact]
    public void Describe_GrantThroughAGroup_SaysThePersonIsAMember()
    {
        Assert.Equal("calendar.freezeOverrideBy names release-managers, and peggy is a member", NamedGrant.Describe("calendar.freezeOverrideBy", "release-managers", "peggy"));
        Assert.Equal("calendar.freezeOverrideBy names peggy", NamedGrant.Describe("calendar.freezeOverrideBy", "peggy", "Peggy"));
    }
}

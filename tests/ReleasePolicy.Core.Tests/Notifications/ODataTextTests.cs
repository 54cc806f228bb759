using ReleasePolicy.Notifications.Graph;

namespace ReleasePolicy.Core.Tests.Notifications;

public sealed class ODataTextTests
{
    [Theory]
    [InlineData("cab", "'cab'")]
    [InlineData("o'brien", "'o''brien'")]
    [InlineData("''", "''''''")]
    public void Literal_DoublesSingleQuotes(string value, string expected) => Assert.Equal(expected, ODataText.Literal(value));

    [Theory]
    [InlineData("alice@contoso.com", true)]
    [InlineData("o'brien@contoso.com", true)]
    [InlineData("first.last+tag@contoso.co.uk", true)]
    [InlineData("alice", true)]
    [InlineData("x' or 1 eq 1 or mail eq 'y", false)]
    [InlineData("a b@contoso.com", false)]
    [InlineData("alice@contoso.com/../groups", false)]
    [InlineData("alice@contoso.com?$select=x", false)]
    [InlineData("", false)]
    [InlineData("ali\u0000ce", false)]
    public void IsUserName_OnlyWhatEntraAllows(string value, bool expected) => Assert.Equal(expected, ODataText.IsUserName(value));

    [Theory]
    [InlineData("change-advisory-board", true)]
    [InlineData("o'brien-team", true)]
    [InlineData("cab eq 'x'", false)]
    [InlineData("cab/members", false)]
    [InlineData("cab@contoso.com", false)]
    [InlineData("名前", false)]
    public void IsMailNickname_OnlyWhatEntraAllows(string value, bool expected) => Assert.Equal(expected, ODataText.IsMailNickname(value));
}

using ReleasePolicy.Validation;

namespace ReleasePolicy.Core.Tests.Validation;

public class IdentifiersTests
{
    [Theory]
    [InlineData("1.4.2")]
    [InlineData("2026.11.1")]
    [InlineData("1.0.0-rc.1+build.5")]
    [InlineData("v2_hotfix")]
    public void CheckVersion_SemVerLike_IsAccepted(string version) => Assert.Null(Identifiers.CheckVersion(version));

    [Theory]
    [InlineData("")]
    [InlineData(".1")]
    [InlineData("1.0\n")]
    [InlineData("1.0 beta")]
    [InlineData("versão-1")]
    [InlineData("1/2")]
    [InlineData("1\u202E0")]
    public void CheckVersion_OutsideThePattern_IsRefused(string version) =>
        Assert.Contains(Identifiers.VersionPattern, Identifiers.CheckVersion(version), StringComparison.Ordinal);

    [Fact]
    public void CheckVersion_LongerThanTheLimit_IsRefused()
    {
        Assert.Null(Identifiers.CheckVersion(new string('1', Identifiers.MaxVersionLength)));
        Assert.NotNull(Identifiers.CheckVersion(new string('1', Identifiers.MaxVersionLength + 1)));
    }

    [Theory]
    [InlineData("payments-api", null)]
    [InlineData("Payments", "pattern")]
    [InlineData("payments\u200B", "pattern")]
    [InlineData("-payments", "pattern")]
    public void CheckService_FollowsTheNamePattern(string service, string? fragment)
    {
        var reason = Identifiers.CheckService(service);

        if (fragment is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(fragment, reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CheckEnvironment_LongerThanTheLimit_IsRefused() =>
        Assert.Contains("at most 64", Identifiers.CheckEnvironment(new string('e', 65)), StringComparison.Ordinal);

    [Theory]
    [InlineData("alice", 10, null)]
    [InlineData("alice\u0085", 10, "control")]
    [InlineData("abcdefghijk", 10, "at most 10")]
    public void CheckText_RefusesForbiddenCharactersAndLength(string text, int max, string? fragment)
    {
        var reason = Identifiers.CheckText(text, max);

        if (fragment is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(fragment, reason, StringComparison.Ordinal);
        }
    }
}

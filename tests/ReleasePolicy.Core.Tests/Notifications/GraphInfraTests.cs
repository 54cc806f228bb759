using ReleasePolicy.Core.Tests.Infra;
using ReleasePolicy.Notifications;

namespace ReleasePolicy.Core.Tests.Notifications;

/// <summary>What infra/ deploys for Graph and mail is what the app reads, and the consent script grants what the README lists.</summary>
public sealed class GraphInfraTests
{
    private static readonly string[] GraphRoles = ["GroupMember.Read.All", "User.Read.All", "Mail.Send"];

    [Fact]
    public void ApiBicep_MailAndDirectory_AreGraphWithTheAppIdentity()
    {
        string settings = InfraText.AppSettings();

        Assert.Equal($"'{MailMode.Graph}'", InfraText.Setting(settings, "ReleasePolicy__Mail__Mode"));
        Assert.Equal($"'{DirectoryMode.Graph}'", InfraText.Setting(settings, "ReleasePolicy__Directory__Mode"));
        Assert.Equal("identityClientId", InfraText.Setting(settings, "ReleasePolicy__Graph__ClientId"));
        Assert.Equal("graphSenderMailbox", InfraText.Setting(settings, "ReleasePolicy__Graph__Sender"));
        Assert.Null(InfraText.Setting(settings, "ReleasePolicy__Graph__ClientSecret"));
    }

    [Fact]
    public void ConsentScript_GrantsExactlyTheDocumentedApplicationRoles()
    {
        string script = InfraText.Read("infra", "scripts", "grant-graph-permissions.sh");
        string readme = InfraText.Read("README.md");

        Assert.Contains("for role in " + string.Join(' ', GraphRoles) + "; do", script, StringComparison.Ordinal);
        Assert.All(GraphRoles, role => Assert.Contains($"`{role}`", readme, StringComparison.Ordinal));
        Assert.Contains("grant-graph-permissions.sh", InfraText.Read("infra", "README.md"), StringComparison.Ordinal);
    }
}

using System.Text.RegularExpressions;

namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>The app settings infra/ deploys give the app every storage endpoint it reads in Azure.</summary>
public sealed partial class AppSettingsTests
{
    [Theory]
    [InlineData("ReleasePolicy__Storage__TableServiceUri")]
    [InlineData("ReleasePolicy__Storage__BlobServiceUri")]
    [InlineData("ReleasePolicyTaskHub")]
    [InlineData("ReleasePolicy__AdminKey")]
    public void ApiBicep_AppSettings_DefineWhatTheAppReads(string setting)
    {
        string api = File.ReadAllText(Path.Combine(RepoRoot(), "infra", "app", "api.bicep"));

        Assert.Matches(SettingLine(setting), api);
    }

    private static Regex SettingLine(string setting) => new($@"(?m)^\s*{Regex.Escape(setting)}\s*:");

    private static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReleasePolicy.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ReleasePolicy.Functions.sln not found.");
    }
}

using System.Text.RegularExpressions;

namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>
/// Security invariants of infra/ and azure.yaml, checked on the template text so that they hold on
/// every test run, with or without a Bicep compiler.
/// </summary>
public sealed class InfraTemplateTests
{
    // Built-in role definition ids (the same in every tenant).
    private const string OwnerRoleId = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string StorageBlobDataOwnerRoleId = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string ContributorRoleId = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string UserAccessAdministratorRoleId = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

    private static readonly Lazy<string> RepoRoot = new(FindRepoRoot);

    private static string InfraDirectory => Path.Combine(RepoRoot.Value, "infra");

    [Fact]
    public void Rbac_AllAssignments_UseNoOwnerRoles()
    {
        foreach ((string path, string text) in BicepFiles())
        {
            Assert.False(text.Contains(OwnerRoleId, StringComparison.OrdinalIgnoreCase), $"{path} grants Owner.");
            Assert.False(text.Contains(StorageBlobDataOwnerRoleId, StringComparison.OrdinalIgnoreCase), $"{path} grants Storage Blob Data Owner.");
            Assert.False(text.Contains(ContributorRoleId, StringComparison.OrdinalIgnoreCase), $"{path} grants Contributor.");
            Assert.False(text.Contains(UserAccessAdministratorRoleId, StringComparison.OrdinalIgnoreCase), $"{path} grants User Access Administrator.");
        }
    }

    [Fact]
    public void Rbac_EveryAssignment_IsNamedWithGuid()
    {
        List<string> assignments = BicepFiles()
            .SelectMany(file => ResourceBlocks(file.Text))
            .Where(block => block.Contains("'Microsoft.Authorization/roleAssignments@", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, block => Assert.Matches(@"(?m)^\s*name:\s*guid\(", block));
    }

    [Fact]
    public void StorageAccount_SharedKeyAccess_IsDisabled()
    {
        List<string> accounts = BicepFiles()
            .SelectMany(file => ResourceBlocks(file.Text))
            .Where(block => block.Contains("'Microsoft.Storage/storageAccounts@", StringComparison.Ordinal)
                && !IsExistingReference(block))
            .ToList();

        Assert.NotEmpty(accounts);
        Assert.All(accounts, block => Assert.Matches(@"(?m)^\s*allowSharedKeyAccess:\s*false\s*$", block));
        Assert.All(BicepFiles(), file => Assert.DoesNotMatch(@"allowSharedKeyAccess:\s*true", file.Text));
    }

    [Fact]
    public void EvidenceContainer_Declaration_EnablesVersionLevelImmutability()
    {
        List<string> evidenceContainers = BicepFiles()
            .SelectMany(file => ResourceBlocks(file.Text))
            .Where(block => block.Contains("'Microsoft.Storage/storageAccounts/blobServices/containers@", StringComparison.Ordinal)
                && !IsExistingReference(block)
                && Regex.IsMatch(block, @"(?mi)^\s*name:\s*\S*evidence"))
            .ToList();

        string container = Assert.Single(evidenceContainers);
        Assert.Matches(@"immutableStorageWithVersioning:\s*\{\s*enabled:\s*true\s*\}", container);
    }

    [Fact]
    public void EvidenceContainer_RetentionPolicy_IsDeclaredWithRetentionDays()
    {
        string storage = string.Concat(BicepFiles().Select(file => file.Text));

        Assert.Contains("containers/immutabilityPolicies@", storage, StringComparison.Ordinal);
        Assert.Matches(@"immutabilityPeriodSinceCreationInDays:\s*evidenceRetentionDays", storage);
        Assert.Matches(@"param evidenceRetentionDays int = 2555", storage);
    }

    [Fact]
    public void Templates_AllFiles_ContainNoOpenIpRange()
    {
        IEnumerable<string> files = Directory
            .EnumerateFiles(InfraDirectory, "*", SearchOption.AllDirectories)
            .Append(Path.Combine(RepoRoot.Value, "azure.yaml"));

        foreach (string file in files)
        {
            Assert.False(
                File.ReadAllText(file).Contains("0.0.0.0", StringComparison.Ordinal),
                $"{Path.GetRelativePath(RepoRoot.Value, file)} contains 0.0.0.0.");
        }
    }

    [Fact]
    public void AzureYaml_ApiService_HostsOnFunction()
    {
        string azureYaml = File.ReadAllText(Path.Combine(RepoRoot.Value, "azure.yaml"));

        Assert.Matches(@"(?m)^\s*host:\s*function\s*$", azureYaml);
        Assert.Matches(@"(?m)^\s*api:\s*$", azureYaml);
    }

    private static IEnumerable<(string Path, string Text)> BicepFiles()
    {
        string[] files = Directory.GetFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        return files.Select(file => (Path.GetRelativePath(RepoRoot.Value, file), File.ReadAllText(file)));
    }

    /// <summary>True for <c>resource x '...' existing = {</c>, a reference rather than a declaration.</summary>
    private static bool IsExistingReference(string block) =>
        block.AsSpan(0, block.IndexOf('\n', StringComparison.Ordinal)).Contains("' existing", StringComparison.Ordinal);

    /// <summary>Top-level <c>resource</c> declarations: from the keyword at column 0 to the closing brace at column 0.</summary>
    private static IEnumerable<string> ResourceBlocks(string bicep)
    {
        foreach (Match match in Regex.Matches(bicep.ReplaceLineEndings("\n"), @"(?ms)^resource\s.*?^\}"))
        {
            yield return match.Value;
        }
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ReleasePolicy.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ReleasePolicy.Functions.sln above {AppContext.BaseDirectory}.");
    }
}

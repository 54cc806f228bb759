using System.Text.RegularExpressions;

namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>
/// No identity infra/ creates can delete or overwrite evidence: every role that reaches the evidence container either
/// cannot delete at all, or carries the ABAC condition that refuses delete, move and overwrite there.
/// </summary>
public sealed class EvidenceRbacTests
{
    private const string Blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";

    // Built-in roles that reach the evidence container and hold no blob delete, move or write data action.
    private static readonly HashSet<string> NonDestructiveBuiltInRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", // Storage Blob Data Reader
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor (no blob actions)
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor (no blob actions)
    };

    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private static readonly string Rbac = InfraText.Read("infra", "app", "rbac.bicep");

    [Fact]
    public void Rbac_EveryAssignmentReachingEvidence_CannotDeleteThere()
    {
        List<string> reaching = Assignments().Where(ReachesEvidence).ToList();

        Assert.NotEmpty(reaching);
        Assert.All(reaching, block =>
        {
            string? role = BuiltInRoleId(block);
            if (role is not null && NonDestructiveBuiltInRoles.Contains(role))
            {
                return;
            }

            if (string.Equals(role, StorageBlobDataContributor, StringComparison.OrdinalIgnoreCase))
            {
                Assert.Matches(@"(?m)^\s*condition: evidenceWriteOnceCondition$", block);
                Assert.Matches(@"(?m)^\s*conditionVersion: '2\.0'$", block);
                return;
            }

            Match custom = Regex.Match(block, @"(?m)^\s*roleDefinitionId: (\w+)\.id$");
            Assert.True(custom.Success, $"Unreviewed role on a scope that reaches evidence:\n{block}");
            AssertCannotDeleteOrWrite(InfraText.Resource(Rbac, custom.Groups[1].Value));
        });
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("deleteBlobVersion/action")]
    [InlineData("permanentDelete/action")]
    [InlineData("move/action")]
    [InlineData("write")]
    public void EvidenceCondition_InTheEvidenceContainer_RefusesDestructiveAction(string action)
    {
        string condition = InfraText.Variable(Rbac, "evidenceWriteOnceCondition");

        Assert.Contains($"!(ActionMatches{{'{Blobs}/{action}'}})", condition, StringComparison.Ordinal);
        Assert.Matches(
            @"OR\s*\(\s*@Resource\[Microsoft\.Storage/storageAccounts/blobServices/containers:name\] StringNotEquals '\$\{evidenceContainerName\}'\s*\)\s*\)'''$",
            condition);
        Assert.StartsWith("$'''", condition, StringComparison.Ordinal);
    }

    [Fact]
    public void EvidenceImmutabilityRole_GrantsExactlyTheImmutabilityDataAction()
    {
        string role = InfraText.Resource(Rbac, "evidenceImmutabilityRole");

        Assert.Equal([$"'{Blobs}/immutableStorage/runAsSuperUser/action'"], DataActions(role));
        Assert.Matches(@"(?ms)^\s*actions: \[\]$", role);
        AssertCannotDeleteOrWrite(role);
    }

    [Fact]
    public void EvidenceImmutabilityRole_IsAssignedOnTheEvidenceContainerOnly()
    {
        List<string> assignments = Assignments()
            .Where(block => block.Contains("roleDefinitionId: evidenceImmutabilityRole.id", StringComparison.Ordinal))
            .ToList();

        string assignment = Assert.Single(assignments);
        Assert.Matches(@"(?m)^\s*scope: storage::blobService::evidenceContainer$", assignment);
    }

    [Fact]
    public void MainBicep_LockedContainerPolicy_IsNeverWeakenedByAnUnlockedPerBlobPolicy()
    {
        string main = InfraText.Read("infra", "main.bicep");

        Assert.Equal(
            "evidenceRetentionPolicyState == 'Locked' && evidenceImmutabilityMode == 'Unlocked'\n  ? 'Locked'\n  : evidenceImmutabilityMode",
            InfraText.Variable(main, "effectiveEvidenceImmutabilityMode").Trim());
        Assert.Matches(@"(?m)^\s*evidenceImmutabilityMode: effectiveEvidenceImmutabilityMode$", main);
        Assert.DoesNotMatch(@"(?m)^\s*evidenceImmutabilityMode: evidenceImmutabilityMode$", main);
    }

    private static void AssertCannotDeleteOrWrite(string roleDefinition)
    {
        foreach (string action in DataActions(roleDefinition))
        {
            Assert.DoesNotContain("*", action, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"/(delete|deleteBlobVersion/action|permanentDelete/action|move/action|write)'$", action);
        }
    }

    private static List<string> DataActions(string roleDefinition)
    {
        Match list = Regex.Match(roleDefinition, @"(?ms)^\s*dataActions: \[\n(.*?)^\s*\]");
        Assert.True(list.Success, "No dataActions list.");
        return list.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static IEnumerable<string> Assignments() =>
        Directory.GetFiles(Path.Combine(InfraText.RepoRoot, "infra"), "*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => InfraText.ResourceBlocks(File.ReadAllText(file)))
            .Where(block => block.Contains("'Microsoft.Authorization/roleAssignments@", StringComparison.Ordinal));

    /// <summary>The storage account itself or the evidence container: every data role there applies to evidence.</summary>
    private static bool ReachesEvidence(string assignment)
    {
        Match scope = Regex.Match(assignment, @"(?m)^\s*scope: (\S+)$");
        Assert.True(scope.Success, $"Assignment without scope:\n{assignment}");
        return scope.Groups[1].Value is "storage" or "storage::blobService::evidenceContainer" or "resourceGroup()" or "subscription()";
    }

    /// <summary>The built-in role id an assignment names through <c>roles.x</c>, or null for any other role.</summary>
    private static string? BuiltInRoleId(string assignment)
    {
        Match reference = Regex.Match(assignment, @"roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', roles\.(\w+)\)");
        if (!reference.Success)
        {
            return null;
        }

        Match id = Regex.Match(Rbac, $@"(?m)^\s*{reference.Groups[1].Value}: '([0-9a-f-]{{36}})'$");
        Assert.True(id.Success, $"roles.{reference.Groups[1].Value} is not defined.");
        return id.Groups[1].Value;
    }
}

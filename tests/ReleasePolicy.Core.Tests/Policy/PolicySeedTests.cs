using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>What an empty policy store is seeded with: nothing, the sample, or a chosen file checked before use.</summary>
public sealed class PolicySeedTests
{
    [Fact]
    public void From_SeedingOff_SeedsNothingEvenWithAFile()
    {
        PolicySeed seed = PolicySeed.From(new PolicyStoreOptions { SeedSamplePolicy = false, SeedPolicyFile = "/no/such/file.yaml" });

        Assert.Null(seed.Text);
    }

    [Fact]
    public void From_SeedingOnWithoutAFile_SeedsTheSample()
    {
        PolicySeed seed = PolicySeed.From(new PolicyStoreOptions { SeedSamplePolicy = true });

        Assert.Equal(SamplePolicy.Text, seed.Text!());
    }

    [Fact]
    public void From_SeedFile_SeedsItsText()
    {
        string file = SeedPolicyFile.For(TestPolicies.SampleWithoutCalendar);

        PolicySeed seed = PolicySeed.From(new PolicyStoreOptions { SeedSamplePolicy = true, SeedPolicyFile = file });

        Assert.Equal(TestPolicies.SampleWithoutCalendar, seed.Text!());
        Assert.Equal("2026.11.1", PolicySeed.VersionOf(seed.Text!()));
    }

    [Fact]
    public void Problem_MissingSeedFile_NamesTheSettingAndThePath()
    {
        string missing = Path.Combine(Path.GetTempPath(), "releasepolicy-missing-" + Guid.NewGuid().ToString("N") + ".yaml");

        string? problem = PolicySeed.Problem(new PolicyStoreOptions { SeedSamplePolicy = true, SeedPolicyFile = missing });

        Assert.NotNull(problem);
        Assert.Contains("ReleasePolicy:Policy:SeedPolicyFile", problem, StringComparison.Ordinal);
        Assert.Contains(missing, problem, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => PolicySeed.From(new PolicyStoreOptions { SeedSamplePolicy = true, SeedPolicyFile = missing }));
    }

    [Fact]
    public void Problem_InvalidSeedFile_GivesThePolicyErrors()
    {
        string file = SeedPolicyFile.For(TestPolicies.WithCalendar("calendar:\n  durations: { default: soon }\n"));

        string? problem = PolicySeed.Problem(new PolicyStoreOptions { SeedSamplePolicy = true, SeedPolicyFile = file });

        Assert.NotNull(problem);
        Assert.Contains("not a valid policy", problem, StringComparison.Ordinal);
        Assert.Contains("calendar.durations.default", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingSeedFile_Fails()
    {
        var options = new PolicyStoreOptions { SeedSamplePolicy = true, SeedPolicyFile = "/no/such/file.yaml" };

        Assert.True(new PolicySeedValidation().Validate(null, options).Failed);
        Assert.True(new PolicySeedValidation().Validate(null, new PolicyStoreOptions { SeedSamplePolicy = true }).Succeeded);
    }
}

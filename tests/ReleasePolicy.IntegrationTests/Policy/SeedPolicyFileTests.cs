using System.Text.Json;
using Microsoft.Extensions.Options;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Policy;

/// <summary>The local host seeds an empty store from <c>ReleasePolicy:Policy:SeedPolicyFile</c> when one is set.</summary>
public sealed class SeedPolicyFileTests
{
    [Fact]
    public async Task Start_WithASeedPolicyText_PublishesThatTextAsVersionOne()
    {
        string text = TestPolicies.WithCalendar("calendar:\n  durations: { default: PT15M }\n");
        HostSettings settings = await HostSettings.CreateAsync() with { SeedPolicyText = text };
        await using InProcessHost host = await InProcessHost.StartAsync(settings);

        JsonElement active = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy")).RootElement;

        Assert.Equal(1, active.GetProperty("sequence").GetInt32());
        Assert.Equal(text, active.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Start_SeedPolicyFileMissing_FailsNamingTheSetting()
    {
        string missing = Path.Combine(Path.GetTempPath(), "releasepolicy-missing-" + Guid.NewGuid().ToString("N") + ".yaml");
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?> { [SeedPolicyFile.Setting] = missing },
        };

        OptionsValidationException failure = await Assert.ThrowsAsync<OptionsValidationException>(() => InProcessHost.StartAsync(settings));

        Assert.Contains("ReleasePolicy:Policy:SeedPolicyFile", failure.Message, StringComparison.Ordinal);
        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
    }
}

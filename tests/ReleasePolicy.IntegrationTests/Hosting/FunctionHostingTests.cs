using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Functions;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.LocalHost.Functions;

namespace ReleasePolicy.IntegrationTests.Hosting;

/// <summary>The Functions classes are the one source of truth: everything they declare is hosted, nothing else.</summary>
public sealed class FunctionHostingTests
{
    private static readonly Assembly FunctionsAssembly = typeof(ServiceRegistration).Assembly;

    [Fact]
    public void HostingPlan_FunctionsAssembly_HasNoUnhostableFunction()
    {
        FunctionHostingPlan plan = FunctionHostingPlan.For(FunctionsAssembly);

        Assert.Empty(plan.Problems);
        Assert.Equal(
            plan.Functions.Select(f => f.Name).Order(StringComparer.Ordinal),
            plan.Http.Concat(plan.Orchestrators).Concat(plan.Activities).Concat(plan.Timers).Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LocalHost_Started_HostsEveryFunctionOfTheAssembly()
    {
        string[] declared = FunctionsAssembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<Microsoft.Azure.Functions.Worker.FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();
        await using InProcessHost host = await InProcessHost.StartAsync();

        string[] routed = host.App.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<FunctionDescriptor>()?.Name)
            .OfType<string>()
            .ToArray();
        Microsoft.DurableTask.DurableTaskRegistry registry = new();
        registry.AddFunctions(host.App.Plan);
        string[] durable = registry.GetOrchestrators().Select(o => o.Key.Name).Concat(registry.GetActivities().Select(a => a.Key.Name)).ToArray();
        string[] scheduled = host.App.App.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<TimerFunctionScheduler>()
            .SelectMany(_ => host.App.Plan.Timers.Select(t => t.Name))
            .ToArray();

        Assert.NotEmpty(declared);
        Assert.NotEmpty(scheduled);
        Assert.Equal(declared, routed.Concat(durable).Concat(scheduled).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FunctionsMetadata_FromBuild_ListsEveryFunction()
    {
        string metadataPath = Path.Combine(
            RepositoryPaths.Root, "functions", "ReleasePolicy.Functions", "bin", RepositoryPaths.Configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(metadataPath), $"The Functions build did not produce {metadataPath}.");

        using JsonDocument metadata = JsonDocument.Parse(File.ReadAllText(metadataPath));
        string[] listed = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(FunctionHostingPlan.For(FunctionsAssembly).Functions.Select(f => f.Name).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public void HostJson_DurableSettings_SitUnderExtensionsDurableTask()
    {
        using JsonDocument hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")));
        JsonElement root = hostJson.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        JsonElement durable = root.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%ReleasePolicyTaskHub%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
        Assert.False(root.GetProperty("logging").TryGetProperty("extensions", out _), "extensions nested under logging is silently ignored by the host");
        Assert.Equal("api", root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}

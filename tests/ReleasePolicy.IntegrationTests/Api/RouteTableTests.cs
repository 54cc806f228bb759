using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Functions;
using ReleasePolicy.Functions.Http;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>The platform lets every HTTP call through to the one door, and the door has a rule for every route.</summary>
public sealed class RouteTableTests
{
    private static readonly (string Name, HttpTriggerAttribute Trigger)[] HttpFunctions = typeof(ServiceRegistration).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
        .Where(f => f.Function is not null && f.Trigger is not null)
        .Select(f => (f.Function!.Name, f.Trigger!))
        .ToArray();

    [Fact]
    public void HttpFunctions_AreAnonymousAtThePlatformLevel()
    {
        Assert.NotEmpty(HttpFunctions);
        Assert.All(HttpFunctions, f => Assert.True(f.Trigger.AuthLevel == AuthorizationLevel.Anonymous, $"{f.Name} must be Anonymous: the app's door checks keys."));
    }

    [Fact]
    public void RouteTable_HasExactlyOneRulePerHttpFunction()
    {
        Assert.Equal(
            HttpFunctions.Select(f => f.Name).Order(StringComparer.Ordinal),
            RouteTable.Routes.Keys.Order(StringComparer.Ordinal));
    }
}

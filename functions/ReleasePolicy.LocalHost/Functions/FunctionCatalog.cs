using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>What starts a function, as the Functions host would read it from the trigger attribute.</summary>
internal enum TriggerKind
{
    Http,
    Orchestration,
    Activity,
    Timer,
    Unsupported,
}

/// <summary>One <c>[Function]</c> method found in the Functions assembly.</summary>
internal sealed record FunctionDescriptor(string Name, MethodInfo Method, TriggerKind Trigger, ParameterInfo? TriggerParameter)
{
    public HttpTriggerAttribute? Http => this.TriggerParameter?.GetCustomAttribute<HttpTriggerAttribute>();

    public TimerTriggerAttribute? Timer => this.TriggerParameter?.GetCustomAttribute<TimerTriggerAttribute>();

    public override string ToString() => $"{this.Name} ({this.Trigger}) {this.Method.DeclaringType?.FullName}.{this.Method.Name}";
}

/// <summary>
/// Finds every <c>[Function]</c> method in an assembly by reflection, so the Functions classes stay the one
/// source of truth for what the app exposes, locally and in Azure.
/// </summary>
internal static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var found = new List<FunctionDescriptor>();
        foreach (Type type in assembly.GetTypes())
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is { } function)
                {
                    found.Add(Describe(function.Name, method));
                }
            }
        }

        return found.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
    }

    private static FunctionDescriptor Describe(string name, MethodInfo method)
    {
        foreach (ParameterInfo parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null)
            {
                return new FunctionDescriptor(name, method, TriggerKind.Http, parameter);
            }

            if (parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)
            {
                return new FunctionDescriptor(name, method, TriggerKind.Orchestration, parameter);
            }

            if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
            {
                return new FunctionDescriptor(name, method, TriggerKind.Activity, parameter);
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is not null)
            {
                return new FunctionDescriptor(name, method, TriggerKind.Timer, parameter);
            }
        }

        return new FunctionDescriptor(name, method, TriggerKind.Unsupported, null);
    }
}

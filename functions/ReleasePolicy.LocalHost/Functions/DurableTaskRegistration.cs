using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace ReleasePolicy.LocalHost.Functions;

internal static class DurableTaskRegistration
{
    // Orchestrators get no application services on purpose: they must stay deterministic and do no I/O.
    private static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    /// <summary>Registers every orchestration and activity function of the plan with the Durable Task worker.</summary>
    public static DurableTaskRegistry AddFunctions(this DurableTaskRegistry registry, FunctionHostingPlan plan)
    {
        foreach (FunctionDescriptor orchestrator in plan.Orchestrators)
        {
            registry.AddOrchestrator(orchestrator.Name, () => new ReflectedOrchestrator(orchestrator, NoServices));
        }

        foreach (FunctionDescriptor activity in plan.Activities)
        {
            registry.AddActivity(activity.Name, services => new ReflectedActivity(activity, services));
        }

        return registry;
    }
}

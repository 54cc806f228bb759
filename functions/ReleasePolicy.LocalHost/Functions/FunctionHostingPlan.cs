using System.Reflection;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>
/// The outcome of reading an assembly's functions: what the local host will serve, and every function it cannot
/// serve with the reason. Startup refuses to run with problems, and a test asserts there are none.
/// </summary>
internal sealed record FunctionHostingPlan(IReadOnlyList<FunctionDescriptor> Functions, IReadOnlyList<string> Problems)
{
    public IEnumerable<FunctionDescriptor> Http => this.Functions.Where(f => f.Trigger == TriggerKind.Http);

    public IEnumerable<FunctionDescriptor> Orchestrators => this.Functions.Where(f => f.Trigger == TriggerKind.Orchestration);

    public IEnumerable<FunctionDescriptor> Activities => this.Functions.Where(f => f.Trigger == TriggerKind.Activity);

    public IEnumerable<FunctionDescriptor> Timers => this.Functions.Where(f => f.Trigger == TriggerKind.Timer);

    public static FunctionHostingPlan For(Assembly assembly)
    {
        IReadOnlyList<FunctionDescriptor> functions = FunctionCatalog.Discover(assembly);
        var problems = new List<string>();
        foreach (IGrouping<string, FunctionDescriptor> duplicate in functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"Function name '{duplicate.Key}' is declared {duplicate.Count()} times.");
        }

        foreach (FunctionDescriptor function in functions)
        {
            if (function.Trigger == TriggerKind.Unsupported)
            {
                problems.Add($"{function}: its trigger is not supported by the local host.");
                continue;
            }

            foreach (ParameterInfo parameter in function.Method.GetParameters())
            {
                if (ParameterSources.Classify(function, parameter) == ParameterSource.Unbindable)
                {
                    problems.Add($"{function}: parameter '{parameter.Name}' of type {parameter.ParameterType.Name} cannot be bound locally.");
                }
            }

            if (function.Timer is { } timer && !timer.Schedule.StartsWith('%') && TimerSchedule.TryParse(timer.Schedule) is null)
            {
                problems.Add($"{function}: schedule '{timer.Schedule}' is not a six-field NCRONTAB expression.");
            }

            if (function.Trigger == TriggerKind.Orchestration && !function.Method.IsStatic
                && function.Method.DeclaringType!.GetConstructor(Type.EmptyTypes) is null)
            {
                problems.Add($"{function}: orchestrators must be static or have a parameterless constructor (no injected I/O).");
            }
        }

        return new FunctionHostingPlan(functions, problems);
    }
}

using Microsoft.DurableTask;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>One episode's work in the bare orchestration: that many no-op activities and immediate timers, awaited together.</summary>
internal sealed record BareStep(int Activities, int Timers);

/// <summary>The bare orchestration's input: the release's own shape, episode by episode, as its history shows it.</summary>
internal sealed record BareInput(IReadOnlyList<BareStep> Steps);

/// <summary>
/// The engine alone, for P1: an orchestration with the same episodes, activities and timers as an auto-approved
/// release (read from that release's history), but whose activities do nothing and carry no payload. Registered in
/// the local host's durable worker next to the app's functions, so it runs on the same engine, sidecar and Azurite.
/// </summary>
internal sealed class BareOrchestration : TaskOrchestrator<BareInput, int>
{
    public const string Name = "BenchBareOrchestrator";
    public const string NoOpActivity = nameof(BenchNoOpActivity);

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestrator(Name, () => new BareOrchestration());
        registry.AddActivity(NoOpActivity, _ => new BenchNoOpActivity());
    }

    public override async Task<int> RunAsync(TaskOrchestrationContext context, BareInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var step = 0;
        foreach (BareStep shape in input.Steps)
        {
            step++;
            // Timers at the orchestration's own clock fire at once, as the release's zero-bake timers do.
            var work = new List<Task>();
            for (var i = 0; i < shape.Activities; i++)
            {
                work.Add(context.CallActivityAsync<int>(NoOpActivity, step));
            }

            for (var i = 0; i < shape.Timers; i++)
            {
                work.Add(context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None));
            }

            await Task.WhenAll(work);
        }

        return step;
    }
}

/// <summary>Does nothing: what the engine costs per activity, with none of the app's work.</summary>
internal sealed class BenchNoOpActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
}

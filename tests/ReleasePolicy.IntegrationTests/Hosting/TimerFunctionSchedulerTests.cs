using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.LocalHost.Functions;

namespace ReleasePolicy.IntegrationTests.Hosting;

/// <summary>The local host runs timer-triggered functions on their NCRONTAB schedule, in UTC, as the Functions host does.</summary>
public sealed class TimerFunctionSchedulerTests
{
    [Fact]
    public async Task Scheduler_TimeReachesEachOccurrence_RunsTheFunctionOnceEach()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 23, 59, 0, TimeSpan.Zero));
        var counter = new RunCounter();
        using ServiceProvider services = new ServiceCollection().AddSingleton(counter).BuildServiceProvider();
        FunctionHostingPlan plan = PlanFor(nameof(DailyJob.Run));
        using var scheduler = new TimerFunctionScheduler(plan, services, new ConfigurationBuilder().Build(), time, NullLogger<TimerFunctionScheduler>.Instance);

        await scheduler.StartAsync(CancellationToken.None);
        await Task.Delay(100); // the schedule loop is now waiting for 00:05:00
        time.Advance(TimeSpan.FromMinutes(5)); // 00:04 — before 00:05:00
        await Task.Delay(100);
        int beforeDue = counter.Runs.Count;
        time.Advance(TimeSpan.FromMinutes(2)); // 00:06 — past the first occurrence
        await WaitUntilAsync(() => counter.Runs.Count == 1);
        time.Advance(TimeSpan.FromDays(1)); // past the next day's occurrence
        await WaitUntilAsync(() => counter.Runs.Count == 2);
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(0, beforeDue);
        Assert.Equal(2, counter.Runs.Count);
        Assert.Equal(new DateTime(2026, 11, 30, 0, 5, 0, DateTimeKind.Unspecified), counter.Runs[1].ScheduleStatus!.Next.AddDays(-1));
    }

    [Fact]
    public void HostingPlan_InvalidSchedule_IsAProblem()
    {
        FunctionHostingPlan plan = FunctionHostingPlan.For(typeof(TimerFunctionSchedulerTests).Assembly);

        Assert.Contains(plan.Problems, p => p.Contains("BrokenJob", StringComparison.Ordinal) && p.Contains("NCRONTAB", StringComparison.Ordinal));
    }

    private static FunctionHostingPlan PlanFor(string method)
    {
        MethodInfo run = typeof(DailyJob).GetMethod(method)!;
        var descriptor = new FunctionDescriptor("DailyJob", run, TriggerKind.Timer, run.GetParameters()[0]);
        return new FunctionHostingPlan([descriptor], []);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "The condition did not hold in time.");
    }

    public sealed class RunCounter
    {
        public List<TimerInfo> Runs { get; } = [];
    }

    public sealed class DailyJob(RunCounter counter)
    {
        public Task Run([TimerTrigger("0 5 0 * * *")] TimerInfo timer)
        {
            lock (counter.Runs)
            {
                counter.Runs.Add(timer);
            }

            return Task.CompletedTask;
        }
    }

    public static class BrokenJob
    {
        [Function("BrokenJob")]
        public static void Run([TimerTrigger("every day at noon")] TimerInfo timer)
        {
            ArgumentNullException.ThrowIfNull(timer);
        }
    }
}

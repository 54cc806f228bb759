using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>
/// Runs the app's timer-triggered functions on their NCRONTAB schedules (UTC), as the Functions host does; a
/// <c>%Setting%</c> schedule is read from configuration. A failed run is logged and the schedule goes on.
/// </summary>
internal sealed partial class TimerFunctionScheduler(
    FunctionHostingPlan plan,
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerFunctionScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(plan.Timers.Select(timer => this.RunScheduleAsync(timer, stoppingToken)));

    private async Task RunScheduleAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        TimerTriggerAttribute trigger = function.Timer!;
        string expression = trigger.Schedule.StartsWith('%') ? configuration[trigger.Schedule.Trim('%')] ?? string.Empty : trigger.Schedule;
        CrontabSchedule? schedule = TimerSchedule.TryParse(expression);
        if (schedule is null)
        {
            LogBadSchedule(logger, function.Name, expression);
            return;
        }

        DateTime? last = null;
        if (trigger.RunOnStartup)
        {
            await this.RunOnceAsync(function, schedule, last, stoppingToken).ConfigureAwait(false);
            last = time.GetUtcNow().UtcDateTime;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTime now = time.GetUtcNow().UtcDateTime;
            DateTime next = schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await this.RunOnceAsync(function, schedule, last, stoppingToken).ConfigureAwait(false);
            last = next;
        }
    }

    private async Task RunOnceAsync(FunctionDescriptor function, CrontabSchedule schedule, DateTime? last, CancellationToken stoppingToken)
    {
        DateTime now = time.GetUtcNow().UtcDateTime;
        var info = new TimerInfo
        {
            ScheduleStatus = new ScheduleStatus { Last = last ?? DateTime.MinValue, Next = schedule.GetNextOccurrence(now), LastUpdated = now },
        };
        AsyncServiceScope scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            object?[] arguments = function.Method.GetParameters()
                .Select(object? (p) => ParameterSources.Classify(function, p) switch
                {
                    ParameterSource.TimerInfo => info,
                    ParameterSource.CancellationToken => stoppingToken,
                    ParameterSource.DurableClient => scope.ServiceProvider.GetRequiredService<DurableTaskClient>(),
                    var source => throw new InvalidOperationException($"{function}: cannot bind '{p.Name}' from {source}."),
                })
                .ToArray();
            try
            {
                await FunctionInvoker.InvokeAsync(function.Method, scope.ServiceProvider, arguments).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRunFailed(logger, ex, function.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} has an invalid schedule '{Schedule}'; it will not run")]
    private static partial void LogBadSchedule(ILogger logger, string function, string schedule);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed; it runs again at its next occurrence")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string function);
}

using NCrontab;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>A timer trigger's schedule in the Functions host's dialect: six-field NCRONTAB, seconds first, in UTC.</summary>
internal static class TimerSchedule
{
    public static CrontabSchedule? TryParse(string expression) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
}

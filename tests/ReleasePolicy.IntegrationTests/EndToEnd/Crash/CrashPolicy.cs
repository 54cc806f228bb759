using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// The crash suite's policy: the sample's routes, with the CAB tier timing out in seconds (the timed-out path), a
/// watch of production only with a 6 s bake and a 3 s sample gap, and a calendar of one-second bookings with no windows
/// or freezes of its own (the freeze path adds ad-hoc ones). Staging and dev are not watched, so releases there
/// succeed once cleared.
/// </summary>
internal static class CrashPolicy
{
    public static readonly TimeSpan BakeTime = TimeSpan.FromSeconds(6);

    /// <summary>How long the CAB tier waits for votes before it rejects.</summary>
    public static readonly TimeSpan CabTimeout = TimeSpan.FromSeconds(20);

    // maxReschedules is high because every kill near a slot may cost a reschedule (the slot passes while no host runs).
    // startTimeout and rollbackWaitLimit are generous: a pipeline script may wait out a kill before it starts, and a
    // host restart may fall between a rollback request and its completion. No root-cause analysis is required after a
    // rollback, or every later internal-docs release would be rejected at readiness.
    private const string MonitoringAndCalendar = """
        monitoring:
          environments: [production]
          startTimeout: PT180S
          rollbackWaitLimit: PT180S
          notify: { support: [customer-support], escalation: [incident-commanders] }
          incidents: { rootCauseAnalysisRequired: false }
          profiles:
            - name: crash
              bakeTime: PT6S
              maxSampleGap: PT3S
              errorRate: { abovePercent: 2, consecutive: 2 }
              failedHealthChecks: 3
              alertSeverities: [Sev0]
        calendar:
          durations: { default: PT1S, max: PT1H }
          scheduling: { maxReschedules: 10, searchHorizon: P30D, approvalValidFor: P7D }
        """;

    public static string Text { get; } = WithShortCabTimeout(TestPolicies.WithMonitoring(MonitoringAndCalendar));

    /// <summary>The <c>cab</c> route's tier (only that route) reminds at 8 s and rejects at <see cref="CabTimeout"/>.</summary>
    private static string WithShortCabTimeout(string policy)
    {
        int route = policy.IndexOf("\n  cab:\n", StringComparison.Ordinal);
        int next = policy.IndexOf("\n  cabPlusSenior:\n", StringComparison.Ordinal);
        if (route < 0 || next < route)
        {
            // Fail loudly: a silently unchanged policy would make the timed-out path wait 48 hours.
            throw new InvalidOperationException("The sample policy's oversight no longer has a 'cab' route followed by 'cabPlusSenior'.");
        }

        string[] lines = policy[route..next].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].TrimStart();
            string indent = lines[i][..(lines[i].Length - trimmed.Length)];
            lines[i] = trimmed.StartsWith("sla: {", StringComparison.Ordinal) ? indent + "sla: { reminders: [PT8S] }"
                : trimmed.StartsWith("timeout: {", StringComparison.Ordinal) ? indent + $"timeout: {{ after: PT{(int)CabTimeout.TotalSeconds}S, outcome: reject }}"
                : lines[i];
        }

        return policy[..route] + string.Join('\n', lines) + policy[next..];
    }
}

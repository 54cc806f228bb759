using ReleasePolicy.Policy;

namespace ReleasePolicy.Testing;

/// <summary>
/// Policy texts for hosts that run releases. The sample's <c>monitoring</c> and <c>calendar</c> sections (its last two)
/// are left out by default: its freezes would make a test's outcome depend on the date it runs, its Monday-to-Thursday
/// windows would make weekend runs wait for Monday, and its monitoring would make every release wait for a pipeline's
/// signals. A test about scheduling or monitoring appends the section it needs with <see cref="WithCalendar"/> or
/// <see cref="WithMonitoring"/>. Compiled into each test project (and the benchmarks) by link.
/// </summary>
internal static class TestPolicies
{
    /// <summary>The heading the sample's calendar section starts with; it is the sample's last section.</summary>
    public const string CalendarHeading = "\n# --- Calendar";

    /// <summary>The heading the sample's monitoring section starts with; it comes just before the calendar.</summary>
    public const string MonitoringHeading = "\n# --- Monitoring";

    private static readonly Lazy<string> LazyWithoutCalendar = new(CutCalendar);

    /// <summary>The sample policy up to (not including) its monitoring and calendar sections: nothing scheduled or watched.</summary>
    public static string SampleWithoutCalendar => LazyWithoutCalendar.Value;

    /// <summary>The sample without its calendar, then <paramref name="calendarYaml"/> (a whole <c>calendar:</c> section).</summary>
    public static string WithCalendar(string calendarYaml) => SampleWithoutCalendar + calendarYaml.TrimStart('\n');

    /// <summary>The sample without its calendar and monitoring, then <paramref name="monitoringYaml"/> (a whole <c>monitoring:</c> section).</summary>
    public static string WithMonitoring(string monitoringYaml) => SampleWithoutCalendar + monitoringYaml.TrimStart('\n');

    /// <summary>The sample's own monitoring section (heading included), for tests that want it as shipped.</summary>
    public static string SampleMonitoring
    {
        get
        {
            var text = SamplePolicy.Text;
            int from = text.IndexOf(MonitoringHeading, StringComparison.Ordinal);
            int to = text.IndexOf(CalendarHeading, StringComparison.Ordinal);
            return from < 0 || to < from ? throw new InvalidOperationException("The sample policy has no monitoring section before its calendar.") : text[(from + 1)..(to + 1)];
        }
    }

    private static string CutCalendar()
    {
        var text = SamplePolicy.Text;
        var calendar = text.IndexOf(CalendarHeading, StringComparison.Ordinal);
        var monitoring = text.IndexOf(MonitoringHeading, StringComparison.Ordinal);
        var at = monitoring >= 0 && monitoring < calendar ? monitoring : calendar;
        // Fail loudly: if the heading moves, every host would silently get the calendar back.
        return at < 0
            ? throw new InvalidOperationException($"The sample policy has no '{CalendarHeading.Trim()}' heading to cut at.")
            : text[..(at + 1)];
    }
}

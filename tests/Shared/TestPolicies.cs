using ReleasePolicy.Policy;

namespace ReleasePolicy.Testing;

/// <summary>
/// Policy texts for hosts that run releases. The sample's <c>calendar</c> section is left out by default: its freezes
/// would make a test's outcome depend on the date it runs, and its Monday-to-Thursday windows would make weekend runs
/// wait for Monday. A test about scheduling appends the calendar it needs with <see cref="WithCalendar"/>. Compiled into
/// each test project (and the benchmarks) by link.
/// </summary>
internal static class TestPolicies
{
    /// <summary>The heading the sample's calendar section starts with; it is the sample's last section.</summary>
    public const string CalendarHeading = "\n# --- Calendar";

    private static readonly Lazy<string> LazyWithoutCalendar = new(CutCalendar);

    /// <summary>The sample policy up to (not including) its calendar section: an ungoverned calendar.</summary>
    public static string SampleWithoutCalendar => LazyWithoutCalendar.Value;

    /// <summary>The sample without its calendar, then <paramref name="calendarYaml"/> (a whole <c>calendar:</c> section).</summary>
    public static string WithCalendar(string calendarYaml) => SampleWithoutCalendar + calendarYaml.TrimStart('\n');

    private static string CutCalendar()
    {
        var text = SamplePolicy.Text;
        var at = text.IndexOf(CalendarHeading, StringComparison.Ordinal);
        // Fail loudly: if the heading moves, every host would silently get the calendar back.
        return at < 0
            ? throw new InvalidOperationException($"The sample policy has no '{CalendarHeading.Trim()}' heading to cut at.")
            : text[..(at + 1)];
    }
}

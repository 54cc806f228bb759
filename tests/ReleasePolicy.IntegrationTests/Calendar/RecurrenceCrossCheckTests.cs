using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Calendar;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Calendar;

/// <summary>
/// Recurring freezes expanded by our engine (Ical.Net + NodaTime's TZDB) against an independent RFC 5545 engine:
/// ical.js in Node, converting local times to UTC through VTIMEZONEs written in recurrence-cross-check.mjs from the
/// published rules. ical.js rather than rrule.js: rrule.js's <c>tzid</c> support returns dates whose UTC fields hold
/// local wall time and leans on the host's Intl zone data, so a comparison would need our own conversion on its side.
/// The compared rules avoid local start times inside a daylight-saving gap or overlap: there ical.js 2.2.1 departs from
/// RFC 5545 (it read 02:30 on a New York spring-forward day as 06:30Z and the ambiguous 01:30 of the fall-back night as
/// the second one, 06:30Z), so those instants are pinned against the RFC in
/// <see cref="IcalNet_StartInGapOrOverlap_FollowsRfc5545"/> instead.
/// </summary>
public sealed class RecurrenceCrossCheckTests
{
    private static readonly DateTimeOffset From = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly CrossCheckCase[] Cases =
    [
        new("london-weekly-friday", "Europe/London", new DateTime(2026, 1, 2, 9, 0, 0), "FREQ=WEEKLY;BYDAY=FR"),
        new("london-last-friday", "Europe/London", new DateTime(2026, 1, 30, 17, 0, 0), "FREQ=MONTHLY;BYDAY=-1FR"),
        new("london-change-sundays", "Europe/London", new DateTime(2026, 1, 1, 8, 30, 0), "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;COUNT=6"),
        new("new-york-month-end", "America/New_York", new DateTime(2026, 1, 31, 0, 0, 0), "FREQ=MONTHLY;BYMONTHDAY=-1"),
        new("new-york-every-third-day", "America/New_York", new DateTime(2026, 3, 1, 22, 0, 0), "FREQ=DAILY;INTERVAL=3;COUNT=40"),
        new("new-york-weekdays-until", "America/New_York", new DateTime(2026, 10, 26, 6, 0, 0), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261120T000000Z"),
        new("sydney-fortnightly-weekend", "Australia/Sydney", new DateTime(2026, 1, 3, 10, 0, 0), "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA,SU;UNTIL=20261231T000000Z"),
        new("sydney-quarter-end", "Australia/Sydney", new DateTime(2026, 3, 29, 0, 0, 0), "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3"),
        new("sydney-first-sunday-night", "Australia/Sydney", new DateTime(2026, 1, 4, 23, 0, 0), "FREQ=MONTHLY;BYDAY=1SU;COUNT=18"),
    ];

    [Fact]
    public async Task Expand_RecurringFreezes_MatchIcalJsOccurrenceStarts()
    {
        IReadOnlyDictionary<string, string[]> expected = await RunIcalJsAsync(Cases);

        Assert.All(Cases, c =>
        {
            string[] ours = OurStarts(c.Zone, c.LocalStart, c.Rule);
            Assert.True(expected[c.Id].Length >= 3, $"{c.Id}: the independent engine found too few occurrences to compare");
            Assert.True(expected[c.Id].SequenceEqual(ours), $"{c.Id}: ical.js [{string.Join(", ", expected[c.Id])}] but ours [{string.Join(", ", ours)}]");
        });
    }

    /// <summary>
    /// RFC 5545 §3.3.5: a local time that does not exist is read with the offset before the gap (02:30 EST on
    /// 2026-03-08 is 07:30Z), an ambiguous one is the first occurrence (01:30 EDT on 2026-11-01 is 05:30Z).
    /// </summary>
    [Fact]
    public void IcalNet_StartInGapOrOverlap_FollowsRfc5545()
    {
        Assert.Contains("2026-03-08T07:30:00Z", OurStarts("America/New_York", new DateTime(2026, 3, 6, 2, 30, 0), "FREQ=DAILY;COUNT=4"));
        Assert.Contains("2026-11-01T05:30:00Z", OurStarts("America/New_York", new DateTime(2026, 10, 30, 1, 30, 0), "FREQ=DAILY;COUNT=4"));
    }

    private static string[] OurStarts(string zone, DateTime localStart, string rule)
    {
        var freeze = new FreezeRule("f", "cross-check", [], [], [], [], false, null, null, zone, localStart, rule, TimeSpan.FromHours(1));
        var calendar = CalendarPolicy.Ungoverned with { Freezes = [freeze] };
        return FreezeCalendar.Expand(calendar, [], null, null, null, new TimeRange(From, To))
            .Select(o => o.Range.Start)
            .Where(start => start >= From)
            .Select(start => start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static async Task<IReadOnlyDictionary<string, string[]>> RunIcalJsAsync(IEnumerable<CrossCheckCase> cases)
    {
        string input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(cases.Select(c => new
        {
            id = c.Id,
            zone = c.Zone,
            start = c.LocalStart.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture),
            duration = "PT1H",
            rrule = c.Rule,
            from = From.ToString("O", CultureInfo.InvariantCulture),
            to = To.ToString("O", CultureInfo.InvariantCulture),
        })));
        string script = Path.Combine(RepositoryPaths.Root, "tests", "ReleasePolicy.IntegrationTests", "Calendar", "recurrence-cross-check.mjs");
        var start = new ProcessStartInfo("node", [script, input]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        File.Delete(input);
        string output = await stdout;
        Assert.True(process.ExitCode == 0 && output.StartsWith('{'), "node failed: " + output + await stderr);
        return JsonSerializer.Deserialize<Dictionary<string, string[]>>(output)!;
    }

    private sealed record CrossCheckCase(string Id, string Zone, DateTime LocalStart, string Rule);
}

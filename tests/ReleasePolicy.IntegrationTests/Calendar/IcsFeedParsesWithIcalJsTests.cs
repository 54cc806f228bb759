using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Calendar;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Calendar;

/// <summary>
/// The feed as a subscriber gets it (over HTTP, key in <c>code</c>), read by an independent RFC 5545 engine: ical.js
/// from npm (see <c>ical-feed.mjs</c>). Every event parses, every TZID resolves to the feed's own VTIMEZONE, and the
/// recurring freezes expand to exactly the occurrences the JSON calendar shows.
/// </summary>
public sealed class IcsFeedParsesWithIcalJsTests(CalendarHost fixture) : IClassFixture<CalendarHost>
{
    [Fact]
    public async Task Feed_ParsedByIcalJs_EveryEventParsesAndEveryTzidResolvesToItsVTimeZone()
    {
        await fixture.BookAsync("internal-docs", new TimeRange(new(2027, 2, 2, 10, 0, 0, TimeSpan.Zero), new(2027, 2, 2, 10, 30, 0, TimeSpan.Zero)));
        await fixture.AddFreezeAsync(new { reason = "Incident, with; separators\nand two lines", end = CalendarHost.Iso(CalendarHost.Now.AddHours(2)), environments = new[] { "production" } });
        string feed = await this.FeedAsync();

        (int exit, JsonElement parsed) = await ParseAsync(feed, CalendarHost.Now, CalendarHost.Now.AddDays(92));

        Assert.True(exit == 0, parsed.GetProperty("problems").ToString());
        Assert.Equal("2.0", parsed.GetProperty("version").GetString());
        Assert.Equal(["America/New_York", "Europe/London"], parsed.GetProperty("timezones").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        JsonElement[] events = [.. parsed.GetProperty("events").EnumerateArray()];
        Assert.Equal(Count(feed, "BEGIN:VEVENT"), events.Length);
        Assert.Contains(events, e => e.GetProperty("tzid").GetString() == "America/New_York" && e.GetProperty("rrule").GetString() == "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3");
        Assert.Contains(events, e => e.GetProperty("tzid").GetString() == "Europe/London" && e.GetProperty("rrule").GetString() == "FREQ=MONTHLY;BYDAY=1SA");
        Assert.Contains(events, e => e.GetProperty("summary").GetString() == "internal-docs → production");
        Assert.Contains(events, e => e.GetProperty("categories").GetString() == "FREEZE" && e.GetProperty("uid").GetString()!.StartsWith("adhoc-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feed_RecurringFreezes_ExpandInIcalJsToTheSameOccurrencesAsTheJsonCalendar()
    {
        // A fixed quarter that holds a New York quarter-end and London maintenance on both sides of a DST change.
        var from = new DateTimeOffset(2027, 2, 20, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(92);
        JsonElement calendar = await fixture.GetJsonAsync($"/api/calendar?environment=production&from={CalendarHost.Iso(from)}&to={CalendarHost.Iso(to)}");
        string feed = await this.FeedAsync();

        (int exit, JsonElement parsed) = await ParseAsync(feed, from, to);

        Assert.Equal(0, exit);
        foreach (string freeze in new[] { "quarter-end-close", "db-cluster-maintenance" })
        {
            string[] ours = calendar.GetProperty("freezes").EnumerateArray()
                .Where(f => f.GetProperty("name").GetString() == freeze)
                .Select(f => Utc(f.GetProperty("start")) + "/" + Utc(f.GetProperty("end")))
                .ToArray();
            string[] theirs = parsed.GetProperty("events").EnumerateArray()
                .Single(e => e.GetProperty("uid").GetString() == $"freeze-{freeze}@releasepolicy")
                .GetProperty("occurrences").EnumerateArray()
                .Select(o => o.GetProperty("start").GetString() + "/" + o.GetProperty("end").GetString())
                .ToArray();
            Assert.NotEmpty(ours);
            Assert.Equal(ours, theirs);
        }
    }

    private async Task<string> FeedAsync()
    {
        using var subscriber = new HttpClient { BaseAddress = fixture.Host.App.BaseAddress };
        return await subscriber.GetStringAsync($"/api/calendar.ics?environment=production&code={Uri.EscapeDataString(fixture.Host.Settings.FunctionKey)}");
    }

    private static async Task<(int Exit, JsonElement Result)> ParseAsync(string feed, DateTimeOffset from, DateTimeOffset to)
    {
        string file = Path.Combine(Path.GetTempPath(), $"feed-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(file, feed);
        try
        {
            string script = Path.Combine(RepositoryPaths.Root, "tests", "ReleasePolicy.IntegrationTests", "Calendar", "ical-feed.mjs");
            var start = new ProcessStartInfo("node", [script, file, CalendarHost.Iso(from), CalendarHost.Iso(to)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryPaths.Root,
            };
            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            string output = await stdout;
            Assert.True(output.TrimStart().StartsWith('{'), "node printed no result: " + output + await stderr);
            return (process.ExitCode, JsonDocument.Parse(output).RootElement.Clone());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Utc(JsonElement instant) =>
        instant.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}

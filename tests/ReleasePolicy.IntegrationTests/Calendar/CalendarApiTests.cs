using System.Net;
using System.Text.Json;
using ReleasePolicy.Calendar;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Calendar;

/// <summary>
/// The calendar's read routes over HTTP on a host seeded with the sample calendar: windows and freezes expanded in real
/// time zones, bookings with their links, the ICS feed and who may read it, and the next free slots.
/// </summary>
public sealed class CalendarApiTests(CalendarHost fixture) : IClassFixture<CalendarHost>
{
    [Fact]
    public async Task GetCalendar_March2027_ExpandsLondonWindowsAndTheRecurringFreezesInTheirZones()
    {
        JsonElement calendar = await fixture.GetJsonAsync("/api/calendar?environment=production&from=2027-03-01&to=2027-04-15T00:00:00Z");

        Assert.True(calendar.GetProperty("governed").GetBoolean());
        JsonElement windows = calendar.GetProperty("windows");
        Assert.Equal("minor", windows.GetProperty("releaseType").GetString());
        Assert.Equal(["production-weekdays"], windows.GetProperty("appliedRules").EnumerateArray().Select(r => r.GetString()));
        JsonElement[] intervals = [.. windows.GetProperty("intervals").EnumerateArray()];

        // Monday 1 March, 09:00-16:00 in London = GMT; Monday 29 March, after the clocks went forward on the 28th = BST.
        Assert.Equal(("2027-03-01T09:00:00+00:00", "2027-03-01T16:00:00+00:00"), Interval(intervals[0]));
        Assert.Contains(("2027-03-29T08:00:00+00:00", "2027-03-29T15:00:00+00:00"), intervals.Select(Interval));
        Assert.DoesNotContain(intervals, i => DateTimeOffset.Parse(i.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture).DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.Equal(["production-weekdays", "tier-0-mornings", "emergency-any-time"], windows.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()));

        JsonElement[] freezes = [.. calendar.GetProperty("freezes").EnumerateArray()];
        // New York: the third-last day of March 2027 at midnight EDT (UTC-4) for three days.
        Assert.Contains(("quarter-end-close", "2027-03-29T04:00:00+00:00", "2027-04-01T04:00:00+00:00"), freezes.Select(Freeze));
        // London: the first Saturdays at 22:00, GMT in March and BST in April, six hours each.
        Assert.Contains(("db-cluster-maintenance", "2027-03-06T22:00:00+00:00", "2027-03-07T04:00:00+00:00"), freezes.Select(Freeze));
        Assert.Contains(("db-cluster-maintenance", "2027-04-03T21:00:00+00:00", "2027-04-04T03:00:00+00:00"), freezes.Select(Freeze));
        JsonElement quarterEnd = freezes.First(f => f.GetProperty("name").GetString() == "quarter-end-close");
        Assert.Equal(["emergency"], quarterEnd.GetProperty("allowedReleaseTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.True(quarterEnd.GetProperty("overridable").GetBoolean());
        Assert.False(quarterEnd.GetProperty("adHoc").GetBoolean());
    }

    [Fact]
    public async Task GetCalendar_ForATierZeroService_ShowsItsMoreSpecificWindows()
    {
        JsonElement calendar = await fixture.GetJsonAsync("/api/calendar?environment=production&service=payments-api&from=2027-03-01&to=2027-03-08");

        JsonElement windows = calendar.GetProperty("windows");
        Assert.Equal(["tier-0-mornings"], windows.GetProperty("appliedRules").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(
            [("2027-03-02T09:00:00+00:00", "2027-03-02T12:00:00+00:00"), ("2027-03-03T09:00:00+00:00", "2027-03-03T12:00:00+00:00"), ("2027-03-04T09:00:00+00:00", "2027-03-04T12:00:00+00:00")],
            windows.GetProperty("intervals").EnumerateArray().Select(Interval));
    }

    [Fact]
    public async Task GetCalendar_EmergencyType_MayDeployAnyTime()
    {
        JsonElement windows = (await fixture.GetJsonAsync("/api/calendar?environment=production&type=emergency&from=2027-03-06&to=2027-03-07")).GetProperty("windows");

        Assert.True(windows.GetProperty("anyTime").GetBoolean());
        Assert.Equal([("2027-03-06T00:00:00+00:00", "2027-03-07T00:00:00+00:00")], windows.GetProperty("intervals").EnumerateArray().Select(Interval));
    }

    [Fact]
    public async Task GetCalendar_WithoutRange_CoversTheNextFourteenDays()
    {
        DateTimeOffset before = CalendarHost.Now.AddSeconds(-1);
        JsonElement calendar = await fixture.GetJsonAsync("/api/calendar");

        DateTimeOffset from = calendar.GetProperty("from").GetDateTimeOffset();
        Assert.InRange(from, before, CalendarHost.Now.AddSeconds(1));
        Assert.Equal(from.AddDays(14), calendar.GetProperty("to").GetDateTimeOffset());
        Assert.False(calendar.TryGetProperty("windows", out _), "no environment, no windows");
    }

    [Fact]
    public async Task GetCalendar_Booking_IsListedWithItsLinkAndFilteredByService()
    {
        Booking booking = await fixture.BookAsync("orders-api", new TimeRange(new(2027, 5, 11, 9, 0, 0, TimeSpan.Zero), new(2027, 5, 11, 9, 30, 0, TimeSpan.Zero)));

        JsonElement orders = await fixture.GetJsonAsync("/api/calendar?environment=production&service=orders-api&from=2027-05-10&to=2027-05-17");
        JsonElement catalog = await fixture.GetJsonAsync("/api/calendar?environment=production&service=catalog-web&from=2027-05-10&to=2027-05-17");

        JsonElement listed = Assert.Single(orders.GetProperty("bookings").EnumerateArray());
        Assert.Equal(booking.ReleaseId, listed.GetProperty("releaseId").GetString());
        Assert.Equal("/api/releases/" + booking.ReleaseId, listed.GetProperty("link").GetString());
        Assert.Equal(["payments-db-cluster"], listed.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(booking.Start, listed.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(booking.End, listed.GetProperty("end").GetDateTimeOffset());
        Assert.Empty(catalog.GetProperty("bookings").EnumerateArray());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2027-03-01T09:00:00", "from")]
    [InlineData("to=1999-12-31", "to")]
    [InlineData("from=2027-03-10&to=2027-03-01", "to")]
    [InlineData("from=2027-03-01&to=2027-06-02", "to")]
    [InlineData("environment=nowhere", "environment")]
    [InlineData("environment=Production", "environment")]
    [InlineData("service=ghost-api", "service")]
    [InlineData("type=hotfix", "type")]
    [InlineData("environment=production&environment=staging", "environment")]
    public async Task GetCalendar_BadParameter_Is400NamingIt(string query, string field)
    {
        using HttpResponseMessage response = await fixture.Http.GetAsync("/api/calendar?" + query);

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    [Fact]
    public async Task GetFeed_IsTextCalendarWithTheFreezeRulesTheirZonesAndTheBookings()
    {
        Booking booking = await fixture.BookAsync("catalog-web", new TimeRange(new(2027, 5, 18, 8, 0, 0, TimeSpan.Zero), new(2027, 5, 18, 8, 30, 0, TimeSpan.Zero)));

        using HttpResponseMessage response = await fixture.Http.GetAsync("/api/calendar.ics?environment=production");

        string feed = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, "the feed's URL may carry a key: no shared cache may keep it");
        string unfolded = feed.Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("X-WR-CALNAME:Releases: production\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=America/New_York:20260329T000000\r\nDURATION:P3D\r\nRRULE:FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("RRULE:FREQ=MONTHLY;BYDAY=1SA\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("UID:freeze-holiday-season@releasepolicy\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains($"UID:{booking.ReleaseId}@releasepolicy\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20270518T080000Z\r\nDTEND:20270518T083000Z\r\nSUMMARY:catalog-web → production\r\n", unfolded, StringComparison.Ordinal);
        Assert.Contains($"URL;VALUE=URI:{fixture.Host.App.BaseAddress.GetLeftPart(UriPartial.Authority)}/api/releases/{booking.ReleaseId}\r\n", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFeed_ForAServiceOutsideAFreezesScope_LeavesThatFreezeOut()
    {
        string feed = await fixture.Http.GetStringAsync("/api/calendar.ics?environment=production&service=catalog-web");

        Assert.DoesNotContain("quarter-end-close", feed, StringComparison.Ordinal);
        Assert.Contains("UID:freeze-holiday-season@releasepolicy", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("VTIMEZONE", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFeed_KeyInTheCodeParameter_AdmitsAPipelineKeyAndRefusesAHeaderOnlyKey()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.App.BaseAddress };
        string pipeline = Uri.EscapeDataString(fixture.Host.Settings.FunctionKey);
        string admin = Uri.EscapeDataString(fixture.Host.Settings.AdminKey);

        using HttpResponseMessage byPipeline = await anonymous.GetAsync($"/api/calendar.ics?environment=production&code={pipeline}");
        using HttpResponseMessage byAdmin = await anonymous.GetAsync($"/api/calendar.ics?environment=production&code={admin}");
        using HttpResponseMessage jsonByCode = await anonymous.GetAsync($"/api/calendar?environment=production&code={pipeline}");
        using HttpResponseMessage nothing = await anonymous.GetAsync("/api/calendar.ics");

        Assert.Equal(HttpStatusCode.OK, byPipeline.StatusCode);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", await byPipeline.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Problems.AssertProblemAsync(byAdmin, HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(jsonByCode, HttpStatusCode.Unauthorized);
        await Problems.AssertProblemAsync(nothing, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GetSlots_TierZeroService_NextSlotsAreInItsMorningWindowWithTheRefusalExplained()
    {
        JsonElement slots = await fixture.GetJsonAsync("/api/calendar/slots?environment=production&service=payments-api&after=2027-03-08T00:00:00Z&count=3");

        Assert.Equal("PT30M", slots.GetProperty("duration").GetString());
        Assert.Equal(["tier-0-mornings"], slots.GetProperty("windowRules").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["payments-db-cluster"], slots.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(
            [("2027-03-09T09:00:00+00:00", "2027-03-09T09:30:00+00:00"), ("2027-03-09T09:30:00+00:00", "2027-03-09T10:00:00+00:00"), ("2027-03-09T10:00:00+00:00", "2027-03-09T10:30:00+00:00")],
            slots.GetProperty("slots").EnumerateArray().Select(Interval));
        JsonElement refusal = slots.GetProperty("refusedBeforeFirst")[0];
        Assert.Equal("outsideWindow", refusal.GetProperty("kind").GetString());
        Assert.Equal(new DateTimeOffset(2027, 3, 8, 0, 0, 0, TimeSpan.Zero), refusal.GetProperty("candidate").GetDateTimeOffset());
    }

    [Fact]
    public async Task GetSlots_BookingOnASharedResource_PushesTheFirstSlotPastIt()
    {
        Booking orders = await fixture.BookAsync("orders-api", new TimeRange(new(2027, 3, 16, 9, 0, 0, TimeSpan.Zero), new(2027, 3, 16, 9, 45, 0, TimeSpan.Zero)));

        JsonElement slots = await fixture.GetJsonAsync("/api/calendar/slots?environment=production&service=payments-api&after=2027-03-15T00:00:00Z&count=1&duration=PT1H");

        Assert.Equal([("2027-03-16T09:45:00+00:00", "2027-03-16T10:45:00+00:00")], slots.GetProperty("slots").EnumerateArray().Select(Interval));
        Assert.Contains(slots.GetProperty("refusedBeforeFirst").EnumerateArray(), r => r.GetProperty("kind").GetString() == "conflict" && r.GetProperty("subject").GetString() == orders.ReleaseId);
    }

    [Theory]
    [InlineData("service=payments-api", "environment", HttpStatusCode.BadRequest)]
    [InlineData("environment=production", "service", HttpStatusCode.BadRequest)]
    [InlineData("environment=production&service=payments-api&duration=PT9H", "duration", HttpStatusCode.BadRequest)]
    [InlineData("environment=production&service=payments-api&duration=45", "duration", HttpStatusCode.BadRequest)]
    [InlineData("environment=production&service=payments-api&count=21", "count", HttpStatusCode.BadRequest)]
    [InlineData("environment=production&service=payments-api&after=soon", "after", HttpStatusCode.BadRequest)]
    [InlineData("environment=production&service=Payments%20API", "service", HttpStatusCode.BadRequest)]
    [InlineData("environment=production&service=ghost-api", "service", HttpStatusCode.NotFound)]
    [InlineData("environment=moon&service=payments-api", "environment", HttpStatusCode.NotFound)]
    public async Task GetSlots_BadOrUnknownParameter_IsAProblemNamingIt(string query, string field, HttpStatusCode status)
    {
        using HttpResponseMessage response = await fixture.Http.GetAsync("/api/calendar/slots?" + query);

        JsonElement problem = await Problems.AssertProblemAsync(response, status);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
    }

    private static (string, string) Interval(JsonElement interval) =>
        (Text(interval.GetProperty("start")), Text(interval.GetProperty("end")));

    private static (string, string, string) Freeze(JsonElement freeze) =>
        (freeze.GetProperty("name").GetString()!, Text(freeze.GetProperty("start")), Text(freeze.GetProperty("end")));

    // The API writes instants as DateTimeOffset JSON: compared as UTC "O"-style text without fractions.
    private static string Text(JsonElement instant) =>
        instant.GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}

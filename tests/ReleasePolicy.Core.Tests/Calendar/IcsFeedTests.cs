using System.Text;
using ReleasePolicy.Calendar;
using ReleasePolicy.Calendar.Feeds;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Calendar;

public sealed class IcsFeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 22, 0, 0, TimeSpan.Zero);

    private static readonly FreezeRule QuarterEnd = new(
        "quarter-end-close", "Quarter-end financial close", ["production"], ["payments-api"], [], [ReleaseType.Emergency], true,
        null, null, "America/New_York", new DateTime(2026, 3, 29, 0, 0, 0, DateTimeKind.Unspecified), "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3", TimeSpan.FromDays(3));

    private static readonly FreezeRule Holiday = new(
        "holiday-season", "Holiday trading peak", ["production"], [], [], [ReleaseType.Emergency], false,
        new DateTimeOffset(2026, 12, 18, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero), null, null, null, null);

    [Fact]
    public void Write_EveryLine_EndsWithCrlfAndHoldsAtMost75Octets()
    {
        string feed = IcsFeed.Write(Content(bookings: [Entry("rel-1", "payments-api", reason: null)], freezes: [QuarterEnd, Holiday], adHoc: [AdHoc(new string('é', 120) + " 😀 " + new string('x', 90))]));

        Assert.EndsWith("\r\n", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", feed.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", feed.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        foreach (string line in feed.Split("\r\n"))
        {
            Assert.True(Encoding.UTF8.GetByteCount(line) <= IcsText.MaxLineOctets, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}");
        }
    }

    [Fact]
    public void Write_LongMultiByteText_FoldsWithoutSplittingCharactersAndUnfoldsToTheEscapedText()
    {
        string reason = "Incident 42: 支払い停止 " + string.Concat(Enumerable.Repeat("😀é", 60)) + " end";
        string feed = IcsFeed.Write(Content(adHoc: [AdHoc(reason)]));

        // Unfolding (RFC 5545 §3.1: remove CRLF followed by one space) must give back the whole escaped value.
        string unfolded = feed.Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("DESCRIPTION:" + IcsText.EscapeText(reason), unfolded, StringComparison.Ordinal);
        Assert.Contains("\r\n ", feed, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(feed)));
        Assert.All(feed.Split("\r\n"), line => Assert.False(line.Length > 0 && char.IsLowSurrogate(line[line.StartsWith(' ') ? Math.Min(1, line.Length - 1) : 0]), "a line starts inside a surrogate pair: " + line));
    }

    [Theory]
    [InlineData("a;b", @"a\;b")]
    [InlineData("a,b", @"a\,b")]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("line1\nline2", @"line1\nline2")]
    [InlineData("line1\r\nline2", @"line1\nline2")]
    [InlineData("bell\u0007gone", "bellgone")]
    [InlineData("DB migration: ready, steady; go\\", @"DB migration: ready\, steady\; go\\")]
    public void EscapeText_SpecialCharacters_AreEscapedAsRfc5545Says(string value, string expected)
    {
        Assert.Equal(expected, IcsText.EscapeText(value));
    }

    [Fact]
    public void Write_AdHocReasonWithSeparators_IsEscapedInTheFeed()
    {
        string feed = Unfolded(IcsFeed.Write(Content(adHoc: [AdHoc("DB down; failover, then\nwait")])));

        Assert.Contains(@"DESCRIPTION:DB down\; failover\, then\nwait\n", feed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RecurringFreeze_IsOneEventWithTheRRuleVerbatimATzidStartAndADuration()
    {
        FreezeRule lastFriday = QuarterEnd with { Name = "last-friday", RecurrenceRule = "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;UNTIL=20271231T235959Z", Duration = new TimeSpan(1, 6, 30, 0) };
        string feed = Unfolded(IcsFeed.Write(Content(freezes: [QuarterEnd, lastFriday])));

        Assert.Contains("RRULE:FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-3\r\n", feed, StringComparison.Ordinal);
        Assert.Contains("RRULE:FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;UNTIL=20271231T235959Z\r\n", feed, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=America/New_York:20260329T000000\r\n", feed, StringComparison.Ordinal);
        Assert.Contains("DURATION:P3D\r\n", feed, StringComparison.Ordinal);
        Assert.Contains("DURATION:P1DT6H30M\r\n", feed, StringComparison.Ordinal);
        Assert.Equal(1, Count(feed, "UID:freeze-quarter-end-close@releasepolicy"));
        Assert.DoesNotContain("DTEND;TZID", feed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RecurringFreeze_IncludesTheZonesVTimeZoneWithItsDstChanges()
    {
        string feed = Unfolded(IcsFeed.Write(Content(freezes: [QuarterEnd])));

        Assert.Equal(1, Count(feed, "BEGIN:VTIMEZONE"));
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n", feed, StringComparison.Ordinal);

        // 2026 in New York: EDT from 8 March 02:00 (-0500 → -0400), EST from 1 November 02:00 local EDT (-0400 → -0500).
        Assert.Contains("BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT", feed, StringComparison.Ordinal);
        Assert.Contains("BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD", feed, StringComparison.Ordinal);

        // The feed's range ends in 2027: the zone is covered through 2028.
        Assert.Contains("DTSTART:20281105T020000", feed, StringComparison.Ordinal);

        // The VTIMEZONE comes before the event that refers to it.
        Assert.True(feed.IndexOf("END:VTIMEZONE", StringComparison.Ordinal) < feed.IndexOf("TZID=America/New_York", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_SouthernHemisphereZone_WritesItsOwnDaylightPeriod()
    {
        FreezeRule sydney = QuarterEnd with { Name = "eofy", TimeZone = "Australia/Sydney", LocalStart = new DateTime(2026, 6, 28, 18, 0, 0, DateTimeKind.Unspecified), RecurrenceRule = "FREQ=YEARLY;COUNT=3" };
        string feed = Unfolded(IcsFeed.Write(Content(freezes: [sydney])));

        // Sydney leaves daylight time on the first Sunday of April 2026 (03:00 AEDT → 02:00 AEST) and enters it on 4 October.
        Assert.Contains("BEGIN:STANDARD\r\nDTSTART:20260405T030000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1000", feed, StringComparison.Ordinal);
        Assert.Contains("BEGIN:DAYLIGHT\r\nDTSTART:20261004T020000\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100", feed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_CalendarHeader_HasTheSubscriptionProperties()
    {
        string feed = IcsFeed.Write(Content());

        Assert.StartsWith("BEGIN:VCALENDAR\r\nPRODID:-//ReleasePolicy//Release calendar//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Releases: production\r\nX-PUBLISHED-TTL:PT1H\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n", feed, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("VTIMEZONE", feed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Booking_IsAUtcEventWithItsReleaseUidTitleAndLink()
    {
        var booking = new Booking("rel-0123", "production", "payments-api", ["payments-db-cluster"], new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 9, 45, 0, TimeSpan.Zero), 1);
        string feed = Unfolded(IcsFeed.Write(Content(bookings: [new IcsBooking(booking, "1.4.2")])));

        Assert.Contains("UID:rel-0123@releasepolicy\r\nDTSTAMP:20261128T220000Z\r\nDTSTART:20261201T090000Z\r\nDTEND:20261201T094500Z\r\nSUMMARY:payments-api 1.4.2 → production\r\n", feed, StringComparison.Ordinal);
        Assert.Contains("Shared resources: payments-db-cluster.", feed, StringComparison.Ordinal);
        Assert.Contains(@"Release: https://calendar.test/api/releases/rel-0123", feed, StringComparison.Ordinal);
        Assert.Contains("URL;VALUE=URI:https://calendar.test/api/releases/rel-0123\r\n", feed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ZeroLengthBooking_HasNoDtEnd()
    {
        DateTimeOffset at = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        string feed = Unfolded(IcsFeed.Write(Content(bookings: [new IcsBooking(new Booking("rel-now", "production", "internal-docs", [], at, at, 0), "2.0.0")])));

        Assert.Contains("DTSTART:20261201T090000Z\r\nSUMMARY:", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("DTEND", feed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneOffAndAdHocFreezes_ArePlainOpaqueFreezeEvents()
    {
        string feed = Unfolded(IcsFeed.Write(Content(freezes: [Holiday], adHoc: [AdHoc("Incident INC-7")])));

        Assert.Contains("UID:freeze-holiday-season@releasepolicy\r\nDTSTAMP:20261128T220000Z\r\nDTSTART:20261218T000000Z\r\nDTEND:20270104T000000Z\r\nSUMMARY:Freeze: holiday-season\r\n", feed, StringComparison.Ordinal);
        Assert.Contains("UID:adhoc-0001@releasepolicy\r\n", feed, StringComparison.Ordinal);
        Assert.Equal(2, Count(feed, "CATEGORIES:FREEZE"));
        Assert.Equal(2, Count(feed, "TRANSP:OPAQUE"));
        Assert.DoesNotContain("RRULE", feed, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OneOffFreezeOutsideTheRange_IsLeftOutButRecurringRulesStay()
    {
        FreezeRule past = Holiday with { Name = "old-freeze", Start = Now.AddDays(-100), End = Now.AddDays(-40) };

        string feed = IcsFeed.Write(Content(freezes: [past, Holiday, QuarterEnd]));

        Assert.DoesNotContain("old-freeze", feed, StringComparison.Ordinal);
        Assert.Contains("UID:freeze-holiday-season@releasepolicy", feed, StringComparison.Ordinal);
        Assert.Contains("UID:freeze-quarter-end-close@releasepolicy", feed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 45, 0, "PT45M")]
    [InlineData(3, 0, 0, 0, "P3D")]
    [InlineData(0, 2, 0, 0, "PT2H")]
    [InlineData(1, 2, 3, 4, "P1DT2H3M4S")]
    [InlineData(0, 0, 0, 0, "PT0S")]
    public void FormatDuration_WritesRfc5545Durations(int days, int hours, int minutes, int seconds, string expected)
    {
        Assert.Equal(expected, IcsText.FormatDuration(new TimeSpan(days, hours, minutes, seconds)));
    }

    private static IcsFeedContent Content(IReadOnlyList<IcsBooking>? bookings = null, IReadOnlyList<FreezeRule>? freezes = null, IReadOnlyList<AdHocFreeze>? adHoc = null) => new(
        "Releases: production",
        Now,
        new TimeRange(Now.AddDays(-30), Now.AddDays(180)),
        bookings ?? [],
        freezes ?? [],
        adHoc ?? [],
        "https://calendar.test");

    private static IcsBooking Entry(string releaseId, string service, string? reason) =>
        new(new Booking(releaseId, "production", service, [], Now.AddDays(1), Now.AddDays(1).AddMinutes(30), 0), reason ?? "1.0.0");

    private static AdHocFreeze AdHoc(string reason) =>
        new("adhoc-0001", reason, Now.AddHours(1), Now.AddHours(5), ["production"], [], [], [], "policy-admin", Now);

    private static string Unfolded(string feed) => feed.Replace("\r\n ", string.Empty, StringComparison.Ordinal);

    private static int Count(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;
}

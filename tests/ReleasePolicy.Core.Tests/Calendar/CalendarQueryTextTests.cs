using ReleasePolicy.Calendar.Api;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Core.Tests.Calendar;

public sealed class CalendarQueryTextTests
{
    [Theory]
    [InlineData("2026-12-01T09:00:00Z", "2026-12-01T09:00:00Z")]
    [InlineData("2026-12-01T10:00:00+01:00", "2026-12-01T09:00:00Z")]
    [InlineData("2026-12-01T04:00-05:00", "2026-12-01T09:00:00Z")]
    [InlineData("2026-12-01T09:00:00.999Z", "2026-12-01T09:00:00Z")]
    [InlineData("2026-12-01", "2026-12-01T00:00:00Z")]
    public void Instant_WithZoneOrDateOnly_IsTheUtcInstantInWholeSeconds(string text, string expected)
    {
        var errors = new List<FieldError>();

        DateTimeOffset? instant = CalendarQueryText.Instant(text, "from", errors);

        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), instant);
        Assert.Equal(TimeSpan.Zero, instant!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-12-01T09:00:00")]
    [InlineData("2026-12-01 09:00:00Z")]
    [InlineData("2026-02-30")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2200-01-01")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void Instant_WithoutZoneOrOutOfRange_IsRefusedNamingTheField(string text)
    {
        var errors = new List<FieldError>();

        DateTimeOffset? instant = CalendarQueryText.Instant(text, "after", errors);

        Assert.Null(instant);
        Assert.Equal("after", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("PT45M", 45)]
    [InlineData("PT2H", 120)]
    [InlineData("P1DT6H", 1800)]
    public void Duration_WholeMinutes_IsRead(string text, int minutes)
    {
        var errors = new List<FieldError>();

        Assert.Equal(TimeSpan.FromMinutes(minutes), CalendarQueryText.Duration(text, "duration", errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("PT0S")]
    [InlineData("PT30S")]
    [InlineData("P367D")]
    [InlineData("-PT1H")]
    [InlineData("P1W")]
    [InlineData("45")]
    public void Duration_NotAPositiveWholeMinuteDurationUpToAYear_IsRefused(string text)
    {
        var errors = new List<FieldError>();

        Assert.Null(CalendarQueryText.Duration(text, "duration", errors));
        Assert.Equal("duration", Assert.Single(errors).Field);
    }
}

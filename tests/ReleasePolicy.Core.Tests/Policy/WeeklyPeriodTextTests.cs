using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

public sealed class WeeklyPeriodTextTests
{
    [Theory]
    [InlineData("Mon-Thu 09:00-16:00", new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday }, 540, 960)]
    [InlineData("Sat,Sun 00:00-24:00", new[] { DayOfWeek.Saturday, DayOfWeek.Sunday }, 0, 1440)]
    [InlineData("Fri 22:00-02:00", new[] { DayOfWeek.Friday }, 1320, 120)]
    [InlineData("Fri-Mon 10:00-11:30", new[] { DayOfWeek.Monday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday }, 600, 690)]
    [InlineData("Mon,Wed-Thu 23:00-00:00", new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Thursday }, 1380, 1440)]
    [InlineData("sun 06:00-07:00", new[] { DayOfWeek.Sunday }, 360, 420)]
    public void TryParse_ValidText_GivesDaysMondayFirstAndMinutes(string text, DayOfWeek[] days, int from, int to)
    {
        Assert.True(WeeklyPeriodText.TryParse(text, out WeeklyPeriod? period, out string? problem), problem);

        Assert.Equal(days, period!.Days);
        Assert.Equal((from, to), (period.FromMinute, period.ToMinute));
        Assert.Equal(text, period.Text);
    }

    [Theory]
    [InlineData("Mon 09:00-09:00")]
    [InlineData("Mon 24:00-02:00")]
    [InlineData("Mon 09:00-24:30")]
    [InlineData("Mon 25:00-26:00")]
    [InlineData("Mon-Sun,Tue 09:00-10:00")]
    [InlineData("Monday 09:00-10:00")]
    [InlineData("Mon 9:00-10:00")]
    [InlineData("Mon  09:00-10:00")]
    [InlineData("09:00-10:00")]
    [InlineData("")]
    public void TryParse_InvalidText_GivesAProblem(string text)
    {
        Assert.False(WeeklyPeriodText.TryParse(text, out WeeklyPeriod? period, out string? problem));

        Assert.Null(period);
        Assert.False(string.IsNullOrEmpty(problem));
    }
}

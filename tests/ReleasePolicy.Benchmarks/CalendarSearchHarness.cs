using System.Diagnostics;
using System.Globalization;
using ReleasePolicy.Benchmarks.All;
using ReleasePolicy.Calendar;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Benchmarks;

/// <summary>
/// <c>calendar [samples]</c>: the earliest-slot search over a 90-day horizon with 1,000 / 10,000 / 100,000 bookings
/// and 20 recurring freezes (goal: ≤ 1 ms median at 10,000, growing sub-linearly). Times separately: building the view
/// (window and freeze expansion; independent of bookings), indexing the bookings (<see cref="BookingTimeline"/>, what
/// a store does once per attempt), and the search itself.
/// </summary>
internal static class CalendarSearchHarness
{
    private const string Env = "production";
    private const string Service = "payments-api";
    private const int ServiceLanes = 500;
    private const int Resources = 10;
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeRange Horizon = new(Start, Start.AddDays(90));
    private static readonly int[] Sizes = [1_000, 10_000, 100_000];

    public static int Run(int samples)
    {
        Measure(samples);
        return 0;
    }

    /// <summary>P4 as a row of the <c>all</c> table: search medians at each size, judged at 10,000 and on growth.</summary>
    public static Figure[] Figures(int samples)
    {
        double[] medians = Measure(samples);
        double atTenThousand = medians[Array.IndexOf(Sizes, 10_000)];
        // Sub-linear: each tenfold step in bookings costs less than tenfold time.
        bool subLinear = medians.Zip(medians.Skip(1), (a, b) => b / a).All(r => r < 10);
        string measured = string.Join(" / ", medians.Select(m => m.ToString("F3", CultureInfo.InvariantCulture))) + " ms median ("
            + string.Join(", ", medians.Zip(medians.Skip(1), (a, b) => "x" + (b / a).ToString("F2", CultureInfo.InvariantCulture))) + " per tenfold)";
        return
        [
            new Figure(
                "P4 earliest-slot search, 1k / 10k / 100k bookings",
                measured,
                "<= 1 ms at 10k, sub-linear",
                atTenThousand <= 1 && subLinear ? "met" : string.Create(CultureInfo.InvariantCulture, $"MISSED ({atTenThousand:F3} ms at 10k, sub-linear: {subLinear})")),
        ];
    }

    /// <summary>Prints the figures and returns the search medians (ms) at each of <see cref="Sizes"/>.</summary>
    private static double[] Measure(int samples)
    {
        var medians = new List<double>();
        var policy = SamplePolicy.Load() with { Calendar = Calendar() };
        // The release holds a shared resource, so its search meets a lane that grows with the calendar (a tenth of the
        // bookings hold one of ten resources), and its own service lane is busy back to back for its first 20 hours.
        var request = SlotRequests.Create(policy, "rel-bench", Env, Service, ReleaseType.Major, TimeSpan.FromHours(1), Start.AddHours(9), false)
            with { Resources = ["db-0"] };

        // Cold: each sample asks for a horizon starting on another day, so every recurring freeze is expanded again by
        // Ical.Net (the first booking of a day pays this). Warm: the same day's horizon again, served from the
        // per-rule expansion cache (every later booking that day).
        var day = 0;
        var coldTimes = Time(samples, () => CalendarViews.Build(policy, request, [], BookingTimeline.Empty, new TimeRange(Horizon.Start.AddDays(++day), Horizon.End.AddDays(day))));
        var viewTimes = Time(samples, () => CalendarViews.Build(policy, request, [], BookingTimeline.Empty, Horizon));
        var freezeCount = CalendarViews.Build(policy, request, [], BookingTimeline.Empty, Horizon).Freezes.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"view (windows + 20 recurring freezes → {freezeCount} occurrences over 90 days): cold median {Median(coldTimes):F3} ms, p95 {P95(coldTimes):F3} ms; warm median {Median(viewTimes):F3} ms, p95 {P95(viewTimes):F3} ms"));

        double? previous = null;
        foreach (var size in Sizes)
        {
            var bookings = Bookings(size);
            var indexTimes = Time(Math.Max(3, samples / 20), () => new BookingTimeline(bookings));
            var view = CalendarViews.Build(policy, request, [], new BookingTimeline(bookings), Horizon);
            var decision = SlotSearch.FindEarliest(request, view, Horizon.End);
            if (!decision.Found)
            {
                throw new InvalidOperationException($"no slot found with {size} bookings");
            }

            var searchTimes = Time(samples, () => SlotSearch.FindEarliest(request, view, Horizon.End));
            var median = Median(searchTimes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{size,7} bookings: search median {median:F4} ms, p95 {P95(searchTimes):F4} ms ({decision.RefusalCount} jumps, slot {decision.Slot!.Value.Start:yyyy-MM-dd HH:mm}Z)"
                + $"{(previous is { } p ? $", x{median / p:F2} the previous size" : "")}; indexing the bookings: median {Median(indexTimes):F2} ms"));
            previous = median;
            medians.Add(median);
        }

        return [.. medians];
    }

    private static CalendarPolicy Calendar()
    {
        DayOfWeek[] weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday];
        var windows = new DeploymentWindowRule[]
        {
            new("production-weekdays", [Env], [], [], [], "Europe/London", [new WeeklyPeriod(weekdays, 9 * 60, 16 * 60, "Mon-Thu 09:00-16:00")], false),
        };
        string[] zones = ["Europe/London", "America/New_York", "Australia/Sydney"];
        string[] rules = ["FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=DAILY;INTERVAL=3"];
        var freezes = Enumerable.Range(0, 20).Select(i => new FreezeRule(
            $"freeze-{i:D2}", "benchmark", [Env], [], [], [], false, null, null, zones[i % zones.Length],
            new DateTime(2026, 11, 1, 8 + (i % 9), 15 * (i % 4), 0), rules[i % rules.Length], TimeSpan.FromMinutes(30 + (10 * (i % 6))))).ToArray();
        return new CalendarPolicy(windows, freezes, [], new DeploymentDurations(TimeSpan.FromMinutes(30), new Dictionary<ReleaseType, TimeSpan>(), TimeSpan.FromHours(8)), SchedulingLimits.Default);
    }

    /// <summary>
    /// 20 back-to-back hours on the release's own lane, the rest at random (fixed seed) over the horizon in 500
    /// service lanes, a tenth of them also holding one of ten shared resources. Random bookings may overlap within a
    /// lane (a store would not allow it); the search does not rely on lanes being disjoint.
    /// </summary>
    private static List<Booking> Bookings(int count)
    {
        var random = new Random(9);
        var bookings = Enumerable.Range(0, 20)
            .Select(i => new Booking($"own-{i}", Env, Service, [], Start.AddHours(9 + i), Start.AddHours(10 + i), 0))
            .ToList();
        for (var i = bookings.Count; i < count; i++)
        {
            var start = Start.AddMinutes(5 * random.Next((int)(Horizon.Length.TotalMinutes / 5)));
            IReadOnlyList<string> resources = random.Next(10) == 0 ? [$"db-{random.Next(Resources)}"] : [];
            bookings.Add(new Booking($"rel-{i}", Env, $"svc-{random.Next(ServiceLanes)}", resources, start, start.AddMinutes(30 + (15 * random.Next(4))), 0));
        }

        return bookings;
    }

    /// <summary>Milliseconds per call, sorted, after a one-second warm-up (tiered JIT).</summary>
    private static double[] Time(int samples, Func<object> action)
    {
        var warmUp = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warmUp) < TimeSpan.FromSeconds(1))
        {
            action();
        }

        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static double Median(double[] sorted) => Percentiles.Of(sorted, 0.5);

    private static double P95(double[] sorted) => Percentiles.Of(sorted, 0.95);
}

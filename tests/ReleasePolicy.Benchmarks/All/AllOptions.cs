using System.Globalization;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>
/// Sizes for <c>all</c>: the by default; <c>--quick</c> for a run of about two minutes (P5 keeps its 1,000
/// records: it takes seconds, and with fewer the fixed signature check hides the hashing it is compared with); each size can be set
/// alone, after <c>--quick</c> too (<c>all --quick --p7 1000</c>).
/// </summary>
internal sealed record AllOptions(
    int P1Samples = 20,
    int P2Releases = 100,
    int P3Samples = 30,
    int P4Samples = 200,
    int P5Records = 1000,
    int P6Clicks = 20,
    int P7Waiting = 10_000,
    int P7Clicks = 20)
{
    public const string Usage = "all [--quick] [--p1 samples] [--p2 releases] [--p3 samples] [--p4 samples] [--p5 records] [--p6 clicks] [--p7 waiting] [--p7-clicks clicks]";

    public bool Quick { get; init; }

    public static AllOptions Parse(IReadOnlyList<string> args)
    {
        AllOptions options = args.Contains("--quick")
            ? new AllOptions(P1Samples: 5, P2Releases: 20, P3Samples: 8, P4Samples: 50, P5Records: 1000, P6Clicks: 5, P7Waiting: 100, P7Clicks: 5) { Quick = true }
            : new AllOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                continue;
            }

            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                throw new ArgumentException($"'{args[i]}' needs a positive whole number after it. Usage: {Usage}");
            }

            i++;
            options = args[i - 1] switch
            {
                "--p1" => options with { P1Samples = value },
                "--p2" => options with { P2Releases = value },
                "--p3" => options with { P3Samples = value },
                "--p4" => options with { P4Samples = value },
                "--p5" => options with { P5Records = value },
                "--p6" => options with { P6Clicks = value },
                "--p7" => options with { P7Waiting = value },
                "--p7-clicks" => options with { P7Clicks = value },
                _ => throw new ArgumentException($"Unknown option '{args[i - 1]}'. Usage: {Usage}"),
            };
        }

        return options;
    }
}

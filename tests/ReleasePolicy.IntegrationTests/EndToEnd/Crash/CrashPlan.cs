namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>One release of the plan: its path, what is submitted, and when (from the start of the run).</summary>
internal sealed record PlannedRelease(int Index, CrashPath Path, string Service, string Environment, string Type, TimeSpan SubmitAt)
{
    public string Version => $"30.{this.Index}.0";

    public string Name => $"#{this.Index} {this.Path} ({this.Service} {this.Version} to {this.Environment})";
}

/// <summary>
/// Everything the seed decides, drawn once before the run: each release's path and submission time, the moments the
/// host is killed, and which quorum release's approval burst is hit by a kill. The same seed gives the same plan;
/// the machine's speed still decides what is in flight at each kill.
/// </summary>
internal sealed record CrashPlan(int Seed, IReadOnlyList<PlannedRelease> Releases, IReadOnlyList<TimeSpan> Kills, int BurstRelease, TimeSpan BurstKillDelay)
{
    /// <summary>Submissions are spread over this much of the start of the run.</summary>
    private static readonly TimeSpan SubmissionSpread = TimeSpan.FromSeconds(40);

    // The dev services the freeze path rotates through: each freeze covers one service, so freezes of different
    // releases never touch each other's bookings.
    private static readonly string[] FreezeServices = ["catalog-web", "internal-docs", "payments-api", "orders-api"];

    public static CrashPlan Create(int seed, int count)
    {
        var random = new Random(seed);
        CrashPath[] all = Enum.GetValues<CrashPath>();

        // Every path count / 9 times, the remainder on distinct paths the seed picks, then shuffled.
        var paths = new List<CrashPath>();
        for (var i = 0; i < count / all.Length; i++)
        {
            paths.AddRange(all);
        }

        paths.AddRange(all.OrderBy(_ => random.Next()).Take(count % all.Length));
        CrashPath[] shuffled = [.. paths.OrderBy(_ => random.Next())];

        int freezeTurn = random.Next(FreezeServices.Length);
        PlannedRelease[] releases = [.. shuffled.Select((path, i) =>
        {
            (string service, string environment, string type) = path switch
            {
                CrashPath.AutoApproved => ("catalog-web", "staging", "patch"),
                CrashPath.ApprovedByQuorum => ("payments-api", "staging", "minor"),
                CrashPath.RejectedAtReadiness => ("orders-api", "staging", "patch"),
                CrashPath.RejectedByApprover => ("orders-api", "staging", "patch"),
                CrashPath.ApprovalTimedOut => ("payments-api", "staging", "major"),
                CrashPath.RescheduledByFreeze => (FreezeServices[freezeTurn++ % FreezeServices.Length], "dev", "patch"),
                _ => ("internal-docs", "production", "patch"),
            };
            return new PlannedRelease(i, path, service, environment, type, TimeSpan.FromMilliseconds(random.Next((int)SubmissionSpread.TotalMilliseconds)));
        })];

        // 4 or 5 planned kills, one in each 14 s stretch from 6 s on (so at least 6 s apart), plus the burst kill.
        int kills = random.Next(4, 6);
        TimeSpan[] killAt = [.. Enumerable.Range(0, kills).Select(k => TimeSpan.FromMilliseconds(6000 + (k * 14000) + random.Next(8000)))];
        PlannedRelease[] quorum = [.. releases.Where(r => r.Path == CrashPath.ApprovedByQuorum)];
        int burst = quorum.Length == 0 ? -1 : quorum[random.Next(quorum.Length)].Index;
        return new CrashPlan(seed, releases, killAt, burst, TimeSpan.FromMilliseconds(random.Next(0, 60)));
    }
}

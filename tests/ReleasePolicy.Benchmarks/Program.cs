using System.Globalization;
using BenchmarkDotNet.Running;
using ReleasePolicy.Benchmarks;
using ReleasePolicy.Benchmarks.All;

// "all [options]" runs every figure of issue 11 item 5 on one backend and prints one table (AllOptions.Usage);
// "throughput [n]" runs the timed end-to-end harness; "approvals [clicks]" the approval click → resumed latency;
// "verify [records] [dataBytes]" the evidence verification ratio; "calendar [samples]" the earliest-slot search;
// anything else goes to BenchmarkDotNet.
if (args is ["all", ..])
{
    return await AllBenchmarks.RunAsync(args[1..]);
}

if (args is ["throughput", ..])
{
    return await ReleaseThroughputHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40);
}

if (args is ["approvals", ..])
{
    return await ApprovalLatencyHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50);
}

if (args is ["verify", ..])
{
    return EvidenceVerificationHarness.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000);
}

if (args is ["calendar", ..])
{
    return CalendarSearchHarness.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
}

BenchmarkSwitcher.FromAssembly(typeof(ReadinessBenchmarks).Assembly).Run(args);
return 0;

using System.Globalization;
using BenchmarkDotNet.Running;
using ReleasePolicy.Benchmarks;

// "throughput [n]" runs the timed end-to-end harness; anything else goes to BenchmarkDotNet.
if (args is ["throughput", ..])
{
    return await ReleaseThroughputHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40);
}

BenchmarkSwitcher.FromAssembly(typeof(ReadinessBenchmarks).Assembly).Run(args);
return 0;

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ReleasePolicy.Benchmarks.All;
using ReleasePolicy.Evidence;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Benchmarks;

/// <summary>
/// <c>verify [records] [dataBytes]</c>: times verification of one downloaded release against plain SHA-256 over the
/// same bytes and prints the throughput ratio (goal ≥ 0.9). Quicker than the BenchmarkDotNet run; best of several rounds.
/// </summary>
internal static class EvidenceVerificationHarness
{
    public static int Run(int records, int dataBytes)
    {
        Measure(records, dataBytes);
        return 0;
    }

    /// <summary>P5 as a row of the <c>all</c> table.</summary>
    public static Figure[] Figures(int records, int dataBytes)
    {
        (double raw, double verify) = Measure(records, dataBytes);
        return
        [
            Figure.AtLeast(
                $"P5 evidence verification vs raw SHA-256 ({records} records)",
                string.Create(CultureInfo.InvariantCulture, $"verify {verify:F2} ms vs SHA-256 {raw:F2} ms = {raw / verify:F2}x throughput"),
                raw / verify,
                0.9,
                ">= 0.90x"),
        ];
    }

    /// <summary>Prints the figures; returns the best times (ms) of raw hashing and of verification.</summary>
    private static (double Raw, double Verify) Measure(int records, int dataBytes)
    {
        using EvidenceSigner signer = EvidenceSigner.Generate();
        var files = SampleEvidence.SealedRelease(signer, count: records, dataBytes: dataBytes);
        ReadOnlyMemory<byte>[] contents = [.. files.Values];
        long totalBytes = contents.Sum(c => (long)c.Length);

        double raw = BestOf(() => Hash(contents));
        double verify = BestOf(() =>
        {
            if (!EvidenceVerifier.VerifyRelease(files, SampleEvidence.Service, "rel-0001", signer.VerificationKeys).Verified)
            {
                throw new InvalidOperationException("Benchmark evidence does not verify.");
            }
        });

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{records} records, {totalBytes / 1024.0:F0} KiB: raw SHA-256 {raw:F2} ms ({totalBytes / raw / 1000:F0} MB/s), verify {verify:F2} ms ({totalBytes / verify / 1000:F0} MB/s), ratio {raw / verify:F2} (goal >= 0.90)"));
        return (raw, verify);
    }

    private static void Hash(ReadOnlyMemory<byte>[] contents)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (ReadOnlyMemory<byte> content in contents)
        {
            SHA256.HashData(content.Span, digest);
        }
    }

    /// <summary>
    /// Milliseconds of the fastest of 30 rounds, the least disturbed by other processes sharing the CPUs. The warm-up
    /// runs for two seconds and then pauses: with tiered PGO a short warm-up measured verification at a third of its
    /// steady-state speed (the JIT had not yet promoted the loop).
    /// </summary>
    private static double BestOf(Action action)
    {
        long warmUp = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warmUp) < TimeSpan.FromSeconds(2))
        {
            action();
        }

        // A pause after the warm-up lets tiered compilation and the GC settle before the timed rounds; the result is the
        // best of 30 rounds, so the pause only removes noise, it never hides work.
        Thread.Sleep(500);

        double best = double.MaxValue;
        for (int i = 0; i < 30; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return best;
    }
}

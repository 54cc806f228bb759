namespace ReleasePolicy.Benchmarks;

/// <summary>Nearest-rank percentiles of timed samples (no interpolation: every number printed was really measured).</summary>
internal static class Percentiles
{
    /// <param name="sorted">Samples in ascending order.</param>
    /// <param name="p">0 &lt; p ≤ 1, e.g. 0.95.</param>
    public static double Of(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
}

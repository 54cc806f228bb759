using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ReleasePolicy.Evidence;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Benchmarks;

/// <summary>
/// Verifying a downloaded 1,000-record release against the floor: plain SHA-256 over the same bytes. The goal is
/// verification at ≥ 0.9 of raw hashing throughput (see <see cref="EvidenceVerificationHarness"/> for the ratio).
/// </summary>
[MemoryDiagnoser]
public class EvidenceVerificationBenchmarks : IDisposable
{
    private readonly EvidenceSigner signer = EvidenceSigner.Generate();
    private Dictionary<string, ReadOnlyMemory<byte>> files = null!;
    private ReadOnlyMemory<byte>[] contents = null!;

    [Params(200, 2000)]
    public int DataBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        files = SampleEvidence.SealedRelease(signer, count: 1000, dataBytes: DataBytes);
        contents = [.. files.Values];
        if (!Verify().Verified)
        {
            throw new InvalidOperationException("Benchmark evidence does not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public int RawSha256()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        int sum = 0;
        foreach (ReadOnlyMemory<byte> content in contents)
        {
            SHA256.HashData(content.Span, digest);
            sum += digest[0];
        }

        return sum;
    }

    [Benchmark]
    public VerificationResult Verify() => EvidenceVerifier.VerifyRelease(files, SampleEvidence.Service, "rel-0001", signer.VerificationKeys);

    public void Dispose()
    {
        signer.Dispose();
        GC.SuppressFinalize(this);
    }
}

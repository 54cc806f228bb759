using CsCheck;
using ReleasePolicy.Evidence;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Core.Tests.Evidence;

/// <summary>The verifier over in-memory files: each kind of tampering is caught and names the first broken blob.</summary>
public sealed class EvidenceVerifierTests : IDisposable
{
    private const string Release = "rel-0001";
    private readonly EvidenceSigner signer = EvidenceSigner.Generate();

    [Fact]
    public void VerifyRelease_UntouchedSealedRelease_Verifies()
    {
        VerificationResult result = this.Verify(SampleEvidence.SealedRelease(this.signer));

        Assert.True(result.Verified, result.ToString());
        Assert.True(result.Sealed);
        Assert.Equal(5, result.Records);
    }

    [Fact]
    public void VerifyRelease_UnsealedChain_VerifiesAsNotSealed()
    {
        VerificationResult result = this.Verify(SampleEvidence.SealedRelease(this.signer, seal: false));

        Assert.True(result.Verified, result.ToString());
        Assert.False(result.Sealed);
    }

    [Fact]
    public void VerifyRelease_OneByteAltered_NamesThatRecord()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        string target = SampleEvidence.RecordName(Release, 3, "signal");
        byte[] altered = files[target].ToArray();
        altered[^10] ^= 0x01;
        files[target] = altered;

        AssertBroken(this.Verify(files), target, 3, "content altered");
    }

    [Fact]
    public void VerifyRelease_UnsealedChainWithAlteredRecord_BreaksAtTheNextLink()
    {
        var files = SampleEvidence.SealedRelease(this.signer, seal: false);
        string target = SampleEvidence.RecordName(Release, 2, "signal");
        byte[] altered = files[target].ToArray();
        altered[^10] ^= 0x01;
        files[target] = altered;

        AssertBroken(this.Verify(files), SampleEvidence.RecordName(Release, 3, "signal"), 3, "previousHash");
    }

    [Fact]
    public void VerifyRelease_MiddleRecordDeleted_NamesTheMissingRecord()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        string target = SampleEvidence.RecordName(Release, 2, "signal");
        files.Remove(target);

        AssertBroken(this.Verify(files), target, 2, "missing");
    }

    [Fact]
    public void VerifyRelease_LastRecordDeleted_NamesItFromTheManifest()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        string target = SampleEvidence.RecordName(Release, 5, "completion");
        files.Remove(target);

        AssertBroken(this.Verify(files), target, 5, "deleted");
    }

    [Fact]
    public void VerifyRelease_RecordInsertedAfterSealing_NamesIt()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        string head = EvidenceHash.Of(files[SampleEvidence.RecordName(Release, 5, "completion")].Span);
        string inserted = SampleEvidence.RecordName(Release, 6, "rollback");
        files[inserted] = EvidenceRecordWriter.Write(SampleEvidence.Entry(Release, 6, "rollback"), head);

        AssertBroken(this.Verify(files), inserted, 6, "not listed in the sealed manifest");
    }

    [Fact]
    public void VerifyRelease_TwoRecordsSwapped_NamesTheFirstOfThem()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        string second = SampleEvidence.RecordName(Release, 2, "signal");
        string third = SampleEvidence.RecordName(Release, 3, "signal");
        (files[second], files[third]) = (files[third], files[second]);

        AssertBroken(this.Verify(files), second, 2, "content altered");
    }

    [Fact]
    public void VerifyRelease_ManifestResignedWithAnotherKey_FailsOnTheManifest()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        using EvidenceSigner forger = EvidenceSigner.Generate();
        Resign(files, forger);

        AssertBroken(this.Verify(files), EvidenceLayout.ManifestName(SampleEvidence.Service, Release), null, "not a trusted key");
    }

    [Fact]
    public void VerifyRelease_ManifestEditedAndNotResigned_FailsOnTheSignature()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        string manifest = EvidenceLayout.ManifestName(SampleEvidence.Service, Release);
        files[manifest] = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(files[manifest].Span).Replace("\"count\": 5", "\"count\": 4", StringComparison.Ordinal));

        AssertBroken(this.Verify(files), manifest, null, "signature does not verify");
    }

    [Fact]
    public void VerifyContainer_ReleaseNamedInTheLedgerDeleted_FailsOnTheLedger()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        var kept = SampleEvidence.SealedRelease(this.signer, "rel-0002");
        AddLedger(files, this.signer, new DateOnly(2026, 11, 2), null, Release);
        foreach (string name in files.Keys.Where(n => n.StartsWith("releases/", StringComparison.Ordinal)).ToList())
        {
            files.Remove(name);
        }

        foreach ((string name, ReadOnlyMemory<byte> bytes) in kept)
        {
            files[name] = bytes;
        }

        ContainerVerification result = EvidenceVerifier.VerifyContainer(files, this.signer.VerificationKeys);

        Assert.False(result.Verified);
        Assert.Equal(EvidenceLayout.ManifestName(SampleEvidence.Service, Release), result.FirstFailure!.FirstBrokenRecord);
        Assert.Contains("deleted", result.FirstFailure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyContainer_LedgerDayMissing_FailsNamingTheGap()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        LedgerLink first = AddLedger(files, this.signer, new DateOnly(2026, 11, 2), null, Release);
        LedgerLink second = AddLedger(files, this.signer, new DateOnly(2026, 11, 3), first);
        AddLedger(files, this.signer, new DateOnly(2026, 11, 4), second);
        files.Remove(EvidenceLayout.LedgerName(new DateOnly(2026, 11, 3)));

        VerificationResult ledger = LedgerVerifier.Verify(files, this.signer.VerificationKeys);

        Assert.False(ledger.Verified);
        Assert.Contains("2026-11-03 is missing", ledger.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyContainer_IntactLedgerChain_Verifies()
    {
        var files = SampleEvidence.SealedRelease(this.signer);
        LedgerLink first = AddLedger(files, this.signer, new DateOnly(2026, 11, 2), null, Release);
        AddLedger(files, this.signer, new DateOnly(2026, 11, 3), first);

        ContainerVerification result = EvidenceVerifier.VerifyContainer(files, this.signer.VerificationKeys);

        Assert.True(result.Verified, result.FirstFailure?.ToString());
        Assert.Equal(1, result.Ledger.Records);
    }

    [Fact]
    public void VerifyRelease_AnyFlippedByteInAnyRecord_IsDetectedAtThatRecord()
    {
        var original = SampleEvidence.SealedRelease(this.signer, count: 8, dataBytes: 40);
        string[] records = original.Keys.Where(n => n.EndsWith(".json", StringComparison.Ordinal) && !n.EndsWith("manifest.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

        Gen.Select(Gen.Int[0, records.Length - 1], Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Sample((index, position, flip) =>
        {
            var files = new Dictionary<string, ReadOnlyMemory<byte>>(original, StringComparer.Ordinal);
            byte[] bytes = files[records[index]].ToArray();
            bytes[position % bytes.Length] ^= flip;
            files[records[index]] = bytes;

            VerificationResult result = this.Verify(files);
            return !result.Verified && result.FirstBrokenRecord == records[index];
        });
    }

    [Fact]
    public void VerifyRelease_UnsealedRecordWithInvalidUtf8InItsHeader_IsBrokenNotAnException()
    {
        var files = SampleEvidence.SealedRelease(this.signer, seal: false);
        string last = files.Keys.Where(n => n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Last();
        byte[] bytes = files[last].ToArray();
        int kind = System.Text.Encoding.UTF8.GetString(bytes).IndexOf("\"kind\": \"", StringComparison.Ordinal) + 9;
        bytes[kind] = 0xA0;
        files[last] = bytes;

        VerificationResult result = this.Verify(files);

        Assert.False(result.Verified);
        Assert.Equal(last, result.FirstBrokenRecord);
    }

    public void Dispose() => this.signer.Dispose();

    internal static void Resign(Dictionary<string, ReadOnlyMemory<byte>> files, EvidenceSigner forger)
    {
        string name = EvidenceLayout.ManifestName(SampleEvidence.Service, Release);
        EvidenceManifest manifest = EvidenceManifest.Parse(files[name].Span) with { Kid = forger.Kid };
        byte[] bytes = manifest.ToBytes();
        files[name] = bytes;
        files[EvidenceLayout.ManifestSignatureName(SampleEvidence.Service, Release)] = forger.Sign(bytes);
    }

    private static LedgerLink AddLedger(Dictionary<string, ReadOnlyMemory<byte>> files, EvidenceSigner signer, DateOnly day, LedgerLink? previous, params string[] releases)
    {
        var entries = releases.Select(r =>
        {
            EvidenceManifest manifest = EvidenceManifest.Parse(files[EvidenceLayout.ManifestName(SampleEvidence.Service, r)].Span);
            return new LedgerEntry(r, SampleEvidence.Service, manifest.Head, EvidenceHash.Of(files[EvidenceLayout.ManifestName(SampleEvidence.Service, r)].Span));
        }).ToList();
        byte[] bytes = new EvidenceLedger(day, SampleEvidence.Start.AddDays(1), previous, entries, signer.Kid).ToBytes();
        files[EvidenceLayout.LedgerName(day)] = bytes;
        files[EvidenceLayout.LedgerSignatureName(day)] = signer.Sign(bytes);
        return new LedgerLink(day, EvidenceHash.Of(bytes));
    }

    private static void AssertBroken(VerificationResult result, string blob, int? sequence, string reason)
    {
        Assert.False(result.Verified);
        Assert.Equal(blob, result.FirstBrokenRecord);
        Assert.Equal(sequence, result.Sequence);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    private VerificationResult Verify(Dictionary<string, ReadOnlyMemory<byte>> files) =>
        EvidenceVerifier.VerifyRelease(files, SampleEvidence.Service, Release, this.signer.VerificationKeys);
}

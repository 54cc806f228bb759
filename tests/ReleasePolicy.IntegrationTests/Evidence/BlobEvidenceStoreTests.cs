using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.Evidence;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>The evidence store on Azurite: create-only appends, retries, conflicts, sealing, holds and the ledger.</summary>
public sealed class BlobEvidenceStoreTests
{
    private const string Release = "rel-store-1";

    [Fact]
    public async Task AppendAsync_Records_AreChainedOverTheExactStoredBytes()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.AppendAsync(Release, 3);

        IReadOnlyList<StoredRecord> records = await test.Store.ReadRecordsAsync(SampleEvidence.Service, Release);

        Assert.Equal([1, 2, 3], records.Select(r => r.Sequence));
        byte[] second = (await test.Container.GetBlobClient(records[1].BlobName).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(second)), records[1].Sha256);
        Assert.Contains($"\"previousHash\": \"{records[0].Sha256}\"", System.Text.Encoding.UTF8.GetString(second), StringComparison.Ordinal);
        Assert.Equal("releases/payments-api/rel-store-1/000003-signal.json", records[2].BlobName);
    }

    [Fact]
    public async Task AppendAsync_RetryWithIdenticalEntry_SucceedsAsAlreadyPresent()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.AppendAsync(Release, 2);

        AppendOutcome retry = await test.Store.AppendAsync(SampleEvidence.Entry(Release, 2, "signal"));

        Assert.True(retry.AlreadyPresent);
        Assert.Equal(2, (await test.Store.ReadRecordsAsync(SampleEvidence.Service, Release)).Count);
    }

    [Fact]
    public async Task AppendAsync_SameSequenceWithOtherBytes_ThrowsConflictAndKeepsTheFirst()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.AppendAsync(Release, 2);
        string before = (await test.Store.ReadRecordsAsync(SampleEvidence.Service, Release))[1].Sha256;

        EvidenceEntry other = SampleEvidence.Entry(Release, 2, "signal") with { RecordedAt = SampleEvidence.Start.AddDays(1) };
        EvidenceConflictException error = await Assert.ThrowsAsync<EvidenceConflictException>(() => test.Store.AppendAsync(other));

        Assert.IsAssignableFrom<PermanentFailureException>(error);
        Assert.Equal(before, (await test.Store.ReadRecordsAsync(SampleEvidence.Service, Release))[1].Sha256);
    }

    [Fact]
    public async Task AppendAsync_SameSequenceOtherKind_ThrowsConflict()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.AppendAsync(Release, 2);

        await Assert.ThrowsAsync<EvidenceConflictException>(() => test.Store.AppendAsync(SampleEvidence.Entry(Release, 2, "readiness")));
    }

    [Fact]
    public async Task AppendAsync_FirstWriteWins_ReplayWithOtherTimeReturnsTheFirstRecord()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        AppendOutcome first = await test.Store.AppendAsync(SampleEvidence.Entry(Release, 1, "submission"), EvidenceWriteMode.FirstWriteWins);

        AppendOutcome replay = await test.Store.AppendAsync(
            SampleEvidence.Entry(Release, 1, "submission") with { RecordedAt = SampleEvidence.Start.AddMinutes(30) }, EvidenceWriteMode.FirstWriteWins);

        Assert.True(replay.AlreadyPresent);
        Assert.Equal(first.Sha256, replay.Sha256);
    }

    [Fact]
    public async Task AppendAsync_SameRecordWins_RetryDecidingOtherwiseKeepsTheFirstButAnotherKindConflicts()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.AppendAsync(Release, 1);
        AppendOutcome first = await test.Store.AppendAsync(SampleEvidence.Entry(Release, 2, "schedule"), EvidenceWriteMode.SameRecordWins);

        AppendOutcome retry = await test.Store.AppendAsync(
            SampleEvidence.Entry(Release, 2, "schedule") with { RecordedAt = SampleEvidence.Start.AddMinutes(5) }, EvidenceWriteMode.SameRecordWins);

        Assert.True(retry.AlreadyPresent);
        Assert.Equal((first.BlobName, first.Sha256), (retry.BlobName, retry.Sha256));
        await Assert.ThrowsAsync<EvidenceConflictException>(() => test.Store.AppendAsync(SampleEvidence.Entry(Release, 2, "deployment"), EvidenceWriteMode.SameRecordWins));
        Assert.Equal(2, (await test.Store.ReadRecordsAsync(SampleEvidence.Service, Release)).Count);
    }

    [Fact]
    public async Task AppendAsync_PredecessorMissing_ThrowsGapAndWritesNothing()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.AppendAsync(Release, 1);

        await Assert.ThrowsAsync<EvidenceGapException>(() => test.Store.AppendAsync(SampleEvidence.Entry(Release, 3, "signal")));

        Assert.Single(await test.Store.ReadRecordsAsync(SampleEvidence.Service, Release));
    }

    [Fact]
    public async Task SealAsync_Twice_WritesOneSignedManifestThatVerifies()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        SealOutcome first = await test.SealedReleaseAsync(Release, 4);

        SealOutcome again = await test.Store.SealAsync(SampleEvidence.Service, Release);
        var files = await test.Store.DownloadReleaseAsync(SampleEvidence.Service, Release);
        VerificationResult result = EvidenceVerifier.VerifyRelease(files, SampleEvidence.Service, Release, test.Signer.VerificationKeys);

        Assert.False(first.AlreadySealed);
        Assert.True(again.AlreadySealed);
        Assert.Equal(first.ManifestSha256, again.ManifestSha256);
        Assert.True(result.Verified, result.ToString());
        Assert.True(result.Sealed);
        Assert.Equal(first.Head, result.Head);
        EvidenceManifest manifest = EvidenceManifest.Parse(files[first.ManifestBlob].Span);
        Assert.Equal(WormCapability.NotEnforced, manifest.Worm);
        Assert.Equal(test.Signer.Kid, manifest.Kid);
    }

    [Fact]
    public async Task AppendAsync_AfterSealing_ThrowsConflict()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release, 2);

        await Assert.ThrowsAsync<EvidenceConflictException>(() => test.Store.AppendAsync(SampleEvidence.Entry(Release, 3, "signal")));
    }

    [Fact]
    public async Task GetWormCapabilityAsync_OnAzurite_IsNotEnforcedByStorage()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();

        WormCapability worm = await test.Store.GetWormCapabilityAsync();

        Assert.False(worm.ImmutabilityPolicy);
        Assert.False(worm.LegalHold);
        Assert.Equal("not enforced by storage", worm.Status);
    }

    [Fact]
    public async Task PlaceAndClearLegalHold_AreRecordedInTheirOwnChainThatVerifies()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release, 3);
        var auditor = new EvidenceActor("auditor@example.com", ActorKind.Auditor);

        AppendOutcome placed = await test.Store.PlaceLegalHoldAsync(SampleEvidence.Service, Release, auditor, "SEC inquiry 42");
        AppendOutcome cleared = await test.Store.ClearLegalHoldAsync(SampleEvidence.Service, Release, auditor, "inquiry closed");
        var files = await test.Store.DownloadReleaseAsync(SampleEvidence.Service, Release);

        Assert.Equal("releases/payments-api/rel-store-1/holds/000001-legal-hold-placed.json", placed.BlobName);
        Assert.Equal("releases/payments-api/rel-store-1/holds/000002-legal-hold-cleared.json", cleared.BlobName);
        Assert.True(EvidenceVerifier.VerifyRelease(files, SampleEvidence.Service, Release, test.Signer.VerificationKeys).Verified);
        Assert.Contains("SEC inquiry 42", System.Text.Encoding.UTF8.GetString(files[placed.BlobName].Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SealLedgerAsync_EndedDays_ChainsEveryDayIncludingEmptyOnes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync(time);
        await test.SealedReleaseAsync("rel-a", 2);
        await test.SealedReleaseAsync("rel-b", 3);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 5, 1, 0, 0, TimeSpan.Zero));

        IReadOnlyList<DateOnly> sealedDays = await test.Store.SealLedgerAsync(new DateOnly(2026, 11, 4));
        IReadOnlyList<DateOnly> again = await test.Store.SealLedgerAsync(new DateOnly(2026, 11, 4));
        var chain = await test.Store.DownloadLedgerChainAsync(new DateOnly(2026, 11, 4));

        Assert.Equal([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 4)], sealedDays);
        Assert.Empty(again);
        EvidenceLedger first = EvidenceLedger.Parse((await test.Store.GetLedgerAsync(new DateOnly(2026, 11, 2)))!.Json.Span);
        Assert.Equal(["rel-a", "rel-b"], first.Releases.Select(r => r.ReleaseId));
        VerificationResult verified = LedgerVerifier.Verify(chain, test.Signer.VerificationKeys);
        Assert.True(verified.Verified, verified.ToString());
        Assert.Equal(2, verified.Records);
    }

    [Fact]
    public async Task SealLedgerAsync_DayNotEnded_Throws()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 23, 0, 0, TimeSpan.Zero));
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync(time);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => test.Store.SealLedgerAsync(new DateOnly(2026, 11, 2)));
    }

    [Fact]
    public async Task ListReleasesAsync_FiltersByServiceAndPages()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        foreach (string id in new[] { "rel-1", "rel-2", "rel-3" })
        {
            await test.AppendAsync(id, 2);
        }

        var found = new List<string>();
        string? token = null;
        do
        {
            EvidenceReleasePage page = await test.Store.ListReleasesAsync(new EvidenceReleaseQuery(SampleEvidence.Service), token, pageSize: 2);
            found.AddRange(page.Releases.Select(r => r.ReleaseId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(["rel-1", "rel-2", "rel-3"], found);
        Assert.Empty((await test.Store.ListReleasesAsync(new EvidenceReleaseQuery("other-service"))).Releases);
        Assert.Empty((await test.Store.ListReleasesAsync(new EvidenceReleaseQuery(To: DateTimeOffset.UtcNow.AddDays(-1)))).Releases);
    }
}

using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.Evidence;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>
/// Against a Blob REST stub that supports immutability (Azurite answers 501): every record is written with the
/// per-blob retention headers, legal holds are set on every blob, and nothing is ever deleted.
/// </summary>
public sealed class ImmutabilityHeaderTests
{
    private const string Release = "rel-worm";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AppendAndLegalHold_OnStorageWithImmutability_SendTheExactHeaders()
    {
        await using var stub = new BlobRestStub();
        using EvidenceSigner signer = EvidenceSigner.Generate();
        var options = new EvidenceOptions { ImmutabilityMode = ImmutabilityMode.Locked, RetentionDays = 10 };
        var blobs = new BlobServiceClient(stub.ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(10) } });
        TableClient table = new TableServiceClient(await TestStorage.GetConnectionStringAsync()).GetTableClient(TestNames.Unique("ledger"));
        var store = new BlobEvidenceStore(blobs.GetBlobContainerClient("evidence"), table, signer, options, new FakeTimeProvider(Now));

        WormCapability worm = await store.GetWormCapabilityAsync();
        await store.AppendAsync(SampleEvidence.Entry(Release, 1, "submission"));
        await store.AppendAsync(SampleEvidence.Entry(Release, 2, "readiness"));
        await store.PlaceLegalHoldAsync(SampleEvidence.Service, Release, new EvidenceActor("auditor@example.com", ActorKind.Auditor), "litigation");

        Assert.Equal("enforced by storage (Locked)", worm.Status);
        string until = Now.AddDays(10).ToString("R", CultureInfo.InvariantCulture);
        StubRequest[] records = stub.Requests.Where(r => r is { Method: "PUT", Comp: null, Blob: not null } && r.Blob.StartsWith("releases/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, records.Length);
        Assert.All(records, r =>
        {
            Assert.Equal("*", r.Headers["If-None-Match"]);
            Assert.Equal(until, r.Headers["x-ms-immutability-policy-until-date"]);
            Assert.Equal("Locked", r.Headers["x-ms-immutability-policy-mode"]);
        });
        StubRequest[] holds = stub.Requests.Where(r => r.Comp == "legalhold" && r.Blob!.StartsWith("releases/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [SampleEvidence.RecordName(Release, 1, "submission"), SampleEvidence.RecordName(Release, 2, "readiness")],
            holds.Select(r => r.Blob).Order(StringComparer.Ordinal));
        Assert.All(holds, r => Assert.Equal("true", r.Headers["x-ms-legal-hold"]));
        Assert.DoesNotContain(stub.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Append_WithTheServicesRetentionFromThePolicy_SetsThatUntilDate()
    {
        await using var stub = new BlobRestStub();
        using EvidenceSigner signer = EvidenceSigner.Generate();
        var options = new EvidenceOptions { ImmutabilityMode = ImmutabilityMode.Unlocked, RetentionDays = 10 };
        var blobs = new BlobServiceClient(stub.ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(10) } });
        TableClient table = new TableServiceClient(await TestStorage.GetConnectionStringAsync()).GetTableClient(TestNames.Unique("ledger"));
        var store = new BlobEvidenceStore(blobs.GetBlobContainerClient("evidence"), table, signer, options, new FakeTimeProvider(Now));

        await store.AppendAsync(SampleEvidence.Entry(Release, 1, "submission") with { RetentionDays = 3650 });

        StubRequest record = Assert.Single(stub.Requests, r => r is { Method: "PUT", Comp: null, Blob: not null } && r.Blob.StartsWith("releases/", StringComparison.Ordinal));
        Assert.Equal(Now.AddDays(3650).ToString("R", CultureInfo.InvariantCulture), record.Headers["x-ms-immutability-policy-until-date"]);
        Assert.Equal("Unlocked", record.Headers["x-ms-immutability-policy-mode"]);
    }

    [Fact]
    public async Task Probe_SetsAnUnlockedPolicyForTheFullRetentionAndClearsNoHold()
    {
        await using var stub = new BlobRestStub();
        using EvidenceSigner signer = EvidenceSigner.Generate();
        var blobs = new BlobServiceClient(stub.ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } });
        TableClient table = new TableServiceClient(await TestStorage.GetConnectionStringAsync()).GetTableClient(TestNames.Unique("ledger"));
        var store = new BlobEvidenceStore(blobs.GetBlobContainerClient("evidence"), table, signer, new EvidenceOptions(), new FakeTimeProvider(Now));

        await store.GetWormCapabilityAsync();

        StubRequest policy = Assert.Single(stub.Requests, r => r.Comp == "immutabilityPolicies");
        Assert.Equal("Unlocked", policy.Headers["x-ms-immutability-policy-mode"]);
        // The whole retention: a locked container policy would refuse a shorter one, which would read as "not enforced".
        Assert.Equal(Now.AddDays(new EvidenceOptions().RetentionDays).ToString("R", CultureInfo.InvariantCulture), policy.Headers["x-ms-immutability-policy-until-date"]);
        Assert.Equal("false", Assert.Single(stub.Requests, r => r.Comp == "legalhold").Headers["x-ms-legal-hold"]);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Blobs;
using ReleasePolicy.Evidence;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>
/// Evidence readable without any of our code: a Node script with @azure/storage-blob (from the repository's
/// node_modules) lists and downloads a sealed release and checks every hash and the signature with Node's crypto.
/// </summary>
public sealed class IndependentClientTests
{
    private const string Release = "rel-node";

    [Fact]
    public async Task NodeClient_SealedRelease_ChecksEveryHashAndTheSignature()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release, 4);
        IReadOnlyList<StoredRecord> records = await test.Store.ReadRecordsAsync(SampleEvidence.Service, Release);

        (int exit, JsonElement result) = await RunClientAsync(test);

        Assert.Equal(0, exit);
        Assert.True(result.GetProperty("signatureValid").GetBoolean());
        Assert.Equal(records.Select(r => r.Sha256), result.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("sha256").GetString()));
        Assert.Equal(records[^1].Sha256, result.GetProperty("head").GetString());
        Assert.Empty(result.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public async Task NodeClient_AlteredRecord_ReportsIt()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release, 3);
        BlobClient target = test.Container.GetBlobClient(SampleEvidence.RecordName(Release, 2, "signal"));
        await target.UploadAsync(BinaryData.FromString((await target.DownloadContentAsync()).Value.Content.ToString().Replace("xxx", "xyx", StringComparison.Ordinal)), overwrite: true);

        (int exit, JsonElement result) = await RunClientAsync(test);

        Assert.Equal(1, exit);
        Assert.Contains(result.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("000003-signal.json: previousHash", StringComparison.Ordinal));
    }

    private static Task<(int Exit, JsonElement Result)> RunClientAsync(EvidenceTestStore test) =>
        RunClientAsync(test.Container.Name, SampleEvidence.Service, Release, test.Signer.PublicKey.ExportPem());

    /// <summary>Runs the Node client against one release of a container, trusting <paramref name="publicKeyPem"/>.</summary>
    internal static async Task<(int Exit, JsonElement Result)> RunClientAsync(string container, string service, string release, string publicKeyPem)
    {
        string key = Path.GetTempFileName();
        await File.WriteAllTextAsync(key, publicKeyPem);
        string script = Path.Combine(RepositoryPaths.Root, "tests", "ReleasePolicy.IntegrationTests", "Evidence", "independent-client.mjs");
        var start = new ProcessStartInfo("node", [script, await TestStorage.GetConnectionStringAsync(), container, service, release, key])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        File.Delete(key);
        string output = await stdout;
        Assert.True(output.TrimStart().StartsWith('{'), "node printed no result: " + output + await stderr);
        return (process.ExitCode, JsonDocument.Parse(output).RootElement.Clone());
    }
}

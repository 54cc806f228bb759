using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>
/// The host dies between writing a stage's evidence record and the orchestration's checkpoint of that activity. After a
/// restart the activity runs again: it finds its own record (same bytes), so the chain has no duplicate and no gap.
/// </summary>
public sealed class EvidenceCrashTests
{
    [Fact]
    public async Task HostDiesRightAfterAnEvidenceWrite_Restarted_ChainHasNoDuplicateNoGapAndVerifies()
    {
        string marker = Path.Combine(Path.GetTempPath(), "rp-crash-" + Guid.NewGuid().ToString("N"));
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?>
            {
                ["ReleasePolicy:Testing:CrashAfterEvidence"] = "readiness",
                ["ReleasePolicy:Testing:CrashMarker"] = marker,
                // The dead host's activity lock must lapse before the restarted host can run it again.
                ["ReleasePolicy:Durable:ActivityVisibilityTimeout"] = "00:00:06",
                ["ReleasePolicy:Durable:ControlQueueVisibilityTimeout"] = "00:00:06",
            },
        };
        BlobContainerClient container = new BlobServiceClient(settings.StorageConnectionString).GetBlobContainerClient(settings.PolicyContainer);
        string id;
        await using (OutOfProcessHost first = await OutOfProcessHost.StartAsync(settings))
        {
            using HttpResponseMessage submitted = await first.Api.SubmitAsync(ReleaseApiClient.PatchRequest(service: "orders-api"), idempotencyKey: "crash-after-evidence");
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            await first.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }

        string[] beforeRestart = await BlobNamesAsync(container, id);
        Assert.True(File.Exists(marker), "The injected crash did not happen.");
        Assert.Contains(beforeRestart, n => n.EndsWith("000003-readiness.json", StringComparison.Ordinal));
        Assert.DoesNotContain(beforeRestart, n => n.EndsWith("manifest.json", StringComparison.Ordinal));

        await using OutOfProcessHost second = await OutOfProcessHost.StartAsync(settings);
        await second.Api.ApproveAllAsync(id);
        JsonElement done = await second.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(120));
        using var auditor = new HttpClient { BaseAddress = second.BaseAddress };
        auditor.DefaultRequestHeaders.Add("x-functions-key", settings.AuditorKey);
        JsonElement verification = JsonDocument.Parse(await auditor.GetStringAsync($"/api/audit/releases/{id}/verify")).RootElement;
        string[] records = (await BlobNamesAsync(container, id)).Where(n => n.EndsWith(".json", StringComparison.Ordinal) && !n.EndsWith("manifest.json", StringComparison.Ordinal)).ToArray();

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(verification.GetProperty("verified").GetBoolean(), verification.GetRawText());
        Assert.Equal(
            ["000001-submission", "000002-policy-snapshot", "000003-readiness", "000004-approval-request", "000005-approval-tier", "000006-approval-decision", "000007-schedule", "000008-deployment-cleared", "000009-deployment", "000010-completion"],
            records.Select(n => Path.GetFileNameWithoutExtension(n)));
        File.Delete(marker);
    }

    private static async Task<string[]> BlobNamesAsync(BlobContainerClient container, string id)
    {
        var names = new List<string>();
        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"releases/orders-api/{id}/" }))
        {
            names.Add(item.Name);
        }

        return names.Order(StringComparer.Ordinal).ToArray();
    }
}

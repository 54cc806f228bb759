using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>
/// The daily ledger over HTTP: once the day a release ended is over, its ledger names the release's head and verifies;
/// deleting the whole release afterwards is caught by the ledger's verification. The host's clock is a fake one so the
/// day can end within the test (the workflow's own timers run on real time).
/// </summary>
public sealed class DailyLedgerEndToEndTests
{
    [Fact]
    public async Task DayEnded_Ledger_NamesTheReleaseHeadAndVerifies_ThenCatchesTheReleaseDeletedWhole()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using InProcessHost host = await InProcessHost.StartAsync(configure: builder => builder.Services.AddSingleton<TimeProvider>(clock));
        using var auditor = new HttpClient { BaseAddress = host.App.BaseAddress };
        auditor.DefaultRequestHeaders.Add("x-functions-key", host.Settings.AuditorKey);
        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), "ledger-day");
        string id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id);
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        string day = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using HttpResponseMessage tooEarly = await auditor.GetAsync($"/api/audit/ledger/{day}");
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        JsonElement ledger = JsonDocument.Parse(await auditor.GetStringAsync($"/api/audit/ledger/{day}")).RootElement;
        JsonElement verified = JsonDocument.Parse(await auditor.GetStringAsync($"/api/audit/ledger/{day}/verify")).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, tooEarly.StatusCode);
        JsonElement entry = Assert.Single(ledger.GetProperty("ledger").GetProperty("releases").EnumerateArray());
        Assert.Equal(id, entry.GetProperty("releaseId").GetString());
        Assert.Equal(done.GetProperty("evidenceHead").GetString(), entry.GetProperty("head").GetString());
        Assert.True(verified.GetProperty("verified").GetBoolean(), verified.GetRawText());

        // Someone with storage access removes the release entirely: records, manifest and signature.
        BlobContainerClient container = new BlobServiceClient(host.Settings.StorageConnectionString).GetBlobContainerClient(host.Settings.PolicyContainer);
        await foreach (Azure.Storage.Blobs.Models.BlobItem blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"releases/payments-api/{id}/" }))
        {
            await container.DeleteBlobAsync(blob.Name);
        }

        JsonElement broken = JsonDocument.Parse(await auditor.GetStringAsync($"/api/audit/ledger/{day}/verify")).RootElement;
        Assert.False(broken.GetProperty("verified").GetBoolean());
        Assert.Contains(id, broken.GetProperty("firstBrokenRecord").GetString() + broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using ReleasePolicy.Deployment.Outbound;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Durable;

/// <summary>
/// What one release costs the durable engine, read from the task hub's own history on Azurite: every activity and every
/// orchestration episode is a round of queue and table writes, so the automatic path is held to its budget (issue 11,
/// P1: at most six episodes). The engine writes one <c>OrchestratorStarted</c> event per episode and one
/// <c>TaskScheduled</c> per activity call.
/// </summary>
public sealed class EpisodeBudgetTests
{
    [Fact]
    public async Task AutoApprovedUnwatchedRelease_FiveActivitiesSixEpisodes_EveryRecordAndEventStillThere()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        string id = await SubmitAutoApprovedAsync(host);

        JsonElement done = await host.Api.WaitForDoneAsync(id);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(
            ["readiness:passed", "approval:approved", "scheduling:scheduled", "deployment:cleared", "deployment:deployed"],
            done.GetProperty("decisions").EnumerateArray().Select(d => $"{d.GetProperty("stage").GetString()}:{d.GetProperty("outcome").GetString()}"));
        (int episodes, string[] activities) = await HistoryAsync(host.Settings, id);
        Assert.Equal(["EvaluateReadiness", "PlanApproval", "BookDeploymentSlot", "ClearDeployment", "CloseRelease"], activities);
        Assert.True(episodes <= 6, $"An auto-approved release took {episodes} orchestration episodes (budget 6).");

        // Folding must lose nothing: the approval is still published, and the deployment record precedes the completion.
        Assert.Equal([ReleaseEventTypes.Approved, ReleaseEventTypes.Scheduled, ReleaseEventTypes.Cleared, ReleaseEventTypes.Completed], await EventTypesAsync(host, id));
        using var auditor = new HttpClient { BaseAddress = host.App.BaseAddress };
        auditor.DefaultRequestHeaders.Add("x-functions-key", host.Settings.AuditorKey);
        JsonElement verified = JsonDocument.Parse(await auditor.GetStringAsync($"/api/audit/releases/{id}/verify")).RootElement;
        Assert.True(verified.GetProperty("verified").GetBoolean(), verified.GetRawText());
    }

    private static async Task<string> SubmitAutoApprovedAsync(InProcessHost host)
    {
        object release = SampleRelease.AutoApproved(DateTimeOffset.UtcNow, "Episode budget");
        using HttpResponseMessage accepted = await host.Api.SubmitAsync(release, "episodes-" + Guid.NewGuid().ToString("N"));
        string body = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <returns>The episodes of the release's orchestration and its activity calls in order (the Azure Storage provider's History table).</returns>
    private static async Task<(int Episodes, string[] Activities)> HistoryAsync(HostSettings settings, string instanceId)
    {
        TableClient history = new TableServiceClient(settings.StorageConnectionString).GetTableClient(settings.TaskHub + "History");
        var events = new List<TableEntity>();
        await foreach (TableEntity row in history.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId))
        {
            events.Add(row);
        }

        int episodes = events.Count(e => e.GetString("EventType") == "OrchestratorStarted");
        string[] activities = events
            .Where(e => e.GetString("EventType") == "TaskScheduled")
            .OrderBy(e => e.GetInt32("EventId"))
            .Select(e => e.GetString("Name"))
            .ToArray();
        return (episodes, activities);
    }

    private static async Task<string[]> EventTypesAsync(InProcessHost host, string id)
    {
        using var browser = new HttpClient { BaseAddress = host.App.BaseAddress };
        JsonElement listed = JsonDocument.Parse(await browser.GetStringAsync("/api/dev/events?releaseId=" + id)).RootElement;
        // Listed newest first; the order they were published in reads oldest first.
        return listed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).Reverse().ToArray();
    }
}

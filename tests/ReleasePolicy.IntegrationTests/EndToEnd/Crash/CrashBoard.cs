using System.Collections.Frozen;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.EndToEnd.Load;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// What the driver knows about every release, refreshed once a second the gentle way (as the load suite does): one
/// release-list query, one incidents query, and raw reads of the dev event outbox (who is cleared) and the mail outbox
/// (approval links). Release scripts wait on the board instead of polling the service each.
/// </summary>
internal sealed class CrashBoard(ChaosHost host, string watchedService)
{
    private readonly CrashOutbox outbox = new(host.Settings);
    private TaskCompletionSource tick = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyDictionary<string, ReleaseState> States { get; private set; } = FrozenDictionary<string, ReleaseState>.Empty;

    /// <summary>Releases whose go-ahead (<c>Cleared</c>) is published: their pipeline may start.</summary>
    public IReadOnlySet<string> Cleared { get; private set; } = FrozenSet<string>.Empty;

    /// <summary>Releases of the watched service with an incident, i.e. whose rollback was requested.</summary>
    public IReadOnlySet<string> Incidents { get; private set; } = FrozenSet<string>.Empty;

    public CrashOutbox Outbox => this.outbox;

    public bool IsDone(string id) => this.States.TryGetValue(id, out ReleaseState? state) && state.Stage == "done";

    /// <summary>Where a release stands on the board, for a failure message.</summary>
    public string Describe(string id) =>
        (this.States.TryGetValue(id, out ReleaseState? state) ? $"{state.Stage}/{state.Status}" : "not listed")
        + (this.Cleared.Contains(id) ? ", cleared" : string.Empty)
        + (this.Incidents.Contains(id) ? ", incident" : string.Empty)
        + $", {this.outbox.RequestsFor(id).Count} approval requests";

    /// <summary>Refreshes every second until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            this.States = await this.ListAsync();
            this.Cleared = await ClearedReleases.ReadAsync(host.Settings);
            this.Incidents = await this.IncidentsAsync();
            await this.outbox.RefreshAsync();
            Interlocked.Exchange(ref this.tick, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
            await Task.Delay(1000, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Waits, refresh after refresh, until <paramref name="probe"/> holds; fails with <paramref name="what"/> at the deadline.</summary>
    public async Task WaitAsync(Func<CrashBoard, bool> probe, string what, TimeSpan deadline)
    {
        DateTime until = DateTime.UtcNow + deadline;
        while (!probe(this))
        {
            Assert.True(DateTime.UtcNow < until, $"Gave up waiting {deadline.TotalSeconds:F0} s for {what}.");
            await Volatile.Read(ref this.tick).Task.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task<IReadOnlyDictionary<string, ReleaseState>> ListAsync()
    {
        var states = new Dictionary<string, ReleaseState>(StringComparer.Ordinal);
        string? next = "/api/releases?limit=1000";
        while (next is not null)
        {
            HostAnswer page = await host.GetAsync(next, host.Settings.FunctionKey);
            Assert.True(page.IsSuccess, $"release list: {page}");
            using var json = JsonDocument.Parse(page.Body);
            foreach (JsonElement item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                states[item.GetProperty("id").GetString()!] = new ReleaseState(item.GetProperty("stage").GetString()!, item.GetProperty("status").GetString()!);
            }

            next = json.RootElement.TryGetProperty("nextLink", out JsonElement link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
        }

        return states;
    }

    private async Task<IReadOnlySet<string>> IncidentsAsync()
    {
        HostAnswer list = await host.GetAsync($"/api/incidents?service={watchedService}&limit=1000", host.Settings.FunctionKey);
        Assert.True(list.IsSuccess, $"incidents: {list}");
        using var json = JsonDocument.Parse(list.Body);
        return json.RootElement.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("releaseId").GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}

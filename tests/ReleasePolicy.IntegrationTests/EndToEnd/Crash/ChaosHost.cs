using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// The local host as its own process, which the suite kills (SIGKILL) and starts again on the same storage. Every call
/// goes to the host serving now (a restarted host listens on a new port) and is retried while the host is dead or
/// restarting; a call the dying host may have acted on says so (<see cref="HostAnswer.Retried"/>).
/// </summary>
internal sealed class ChaosHost : IAsyncDisposable
{
    /// <summary>How long one call keeps retrying: a kill, a restart and a slow first answer fit many times over.</summary>
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(150);

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Stopwatch clock;
    private readonly Action<string> log;
    private OutOfProcessHost current;

    private ChaosHost(HostSettings settings, OutOfProcessHost first, Stopwatch clock, Action<string> log)
    {
        this.Settings = settings;
        this.current = first;
        this.clock = clock;
        this.log = log;
    }

    public HostSettings Settings { get; }

    public Uri BaseAddress => Volatile.Read(ref this.current).BaseAddress;

    /// <summary>One line per kill: when (run time and UTC), why, and when the new host served.</summary>
    public List<string> Kills { get; } = [];

    /// <summary>What each host printed (the dead ones first), to find a failure's correlation id in.</summary>
    public List<string> Outputs { get; } = [];

    /// <summary>Every host's output so far, the one serving now last.</summary>
    public string AllOutput => string.Join($"{Environment.NewLine}----- restarted -----{Environment.NewLine}", [.. this.Outputs, Volatile.Read(ref this.current).Output]);

    public static async Task<ChaosHost> StartAsync(HostSettings settings, Stopwatch clock, Action<string> log) =>
        new(settings, await OutOfProcessHost.StartAsync(settings), clock, log);

    /// <summary>SIGKILL, then a new host on the same storage; returns once it serves HTTP.</summary>
    public async Task KillAndRestartAsync(string why)
    {
        OutOfProcessHost dead = Volatile.Read(ref this.current);
        TimeSpan killedAt = this.clock.Elapsed;
        DateTimeOffset killedUtc = DateTimeOffset.UtcNow;
        await dead.KillAsync();
        Volatile.Write(ref this.current, await OutOfProcessHost.StartAsync(this.Settings));
        await dead.DisposeAsync();
        this.Outputs.Add(dead.Output);
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"kill #{this.Kills.Count + 1} at {killedAt.TotalSeconds:F1} s ({killedUtc:HH:mm:ss.fff} UTC), {why}; serving again at {this.clock.Elapsed.TotalSeconds:F1} s on {this.BaseAddress}");
        this.Kills.Add(line);
        this.log(line);
    }

    public Task<HostAnswer> GetAsync(string path, string? key) => this.SendAsync(baseAddress =>
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return WithKey(request, key);
    });

    public Task<HostAnswer> PostJsonAsync(string path, object body, string key, string? idempotencyKey = null) => this.SendAsync(baseAddress =>
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return WithKey(request, key);
    });

    /// <summary>Answers on an approver page as its form does. The link names the host that mailed it: only its path counts.</summary>
    public Task<HostAnswer> AnswerAsync(Uri link, string decision, string comment) => this.SendAsync(baseAddress =>
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, link.PathAndQuery))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = decision, ["comment"] = comment }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    });

    public async ValueTask DisposeAsync()
    {
        this.http.Dispose();
        await Volatile.Read(ref this.current).DisposeAsync();
    }

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string? key)
    {
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return request;
    }

    private async Task<HostAnswer> SendAsync(Func<Uri, HttpRequestMessage> create)
    {
        DateTime until = DateTime.UtcNow + CallDeadline;
        var retried = false;
        while (true)
        {
            using HttpRequestMessage request = create(this.BaseAddress);
            try
            {
                using HttpResponseMessage response = await this.http.SendAsync(request);
                return new HostAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(), retried);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && DateTime.UtcNow < until)
            {
                // The host died under the call, or a new one is starting: ask again, at whatever address serves then.
                retried = true;
                await Task.Delay(250);
            }
        }
    }
}

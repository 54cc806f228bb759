using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.Calendar;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;

namespace ReleasePolicy.IntegrationTests.Calendar;

/// <summary>
/// One local host for a calendar test class, seeded WITH the sample's calendar (London windows, New York quarter-end
/// and London maintenance freezes, the holiday freeze, the shared payments database). Tests use dates far enough
/// apart (different weeks of 2027) that they never see each other's bookings, and ad-hoc freezes on their own scope.
/// </summary>
public sealed class CalendarHost : IAsyncLifetime
{
    /// <summary>The host's clock: before every date the calendar tests use.</summary>
    internal static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private InProcessHost? host;

    internal InProcessHost Host => this.host ?? throw new InvalidOperationException("The calendar host has not started.");

    internal HttpClient Http => this.Host.Api.Http;

    public async Task InitializeAsync()
    {
        HostSettings settings = await HostSettings.CreateAsync() with { SeedPolicyText = SamplePolicy.Text };
        // The tests read and book dated weeks of 2027 ("after", "end must be in the future"): the host's clock is held
        // at a fixed instant before them, so the tests mean the same whatever day they run. This host runs no
        // orchestrations, so nothing here waits on that clock.
        this.host = await InProcessHost.StartAsync(settings, builder => builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));

        // Reading the policy seeds it now, so that "wrote nothing" snapshots are not disturbed by the seed later.
        using HttpResponseMessage policy = await this.Http.GetAsync("/api/policy");
        Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }
    }

    /// <summary>GETs <paramref name="path"/> as the pipeline and returns the JSON body (asserting 200).</summary>
    internal async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await this.Http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs an ad-hoc freeze as the policy administrator.</summary>
    internal async Task<HttpResponseMessage> AddFreezeAsync(object body, string? idempotencyKey = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/calendar/freezes")
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", key ?? this.Host.Settings.AdminKey);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        // The pipeline's default header would be sent too: use a bare client for another key.
        using var http = new HttpClient { BaseAddress = this.Host.App.BaseAddress };
        return await http.SendAsync(request);
    }

    /// <summary>Books a release straight into the calendar store (as the scheduling stage does), at exactly <paramref name="slot"/>.</summary>
    internal async Task<Booking> BookAsync(string service, TimeRange slot, ReleaseType type = ReleaseType.Patch)
    {
        IServiceProvider services = this.Host.App.App.Services;
        (_, PolicyDocument policy) = await services.GetRequiredService<PolicyCatalog>().GetActiveAsync();
        string releaseId = "rel-" + Guid.NewGuid().ToString("N");
        SlotRequest request = SlotRequests.Create(policy, releaseId, "production", service, type, slot.Length, slot.Start, overrideFreezes: false);
        BookingOutcome outcome = await services.GetRequiredService<ICalendarStore>().BookAsync(
            new BookingAttempt(request, 0, new TimeRange(slot.Start, slot.Start.AddDays(90))),
            _ => new SlotDecision(slot, [], 0, []));
        return outcome.Booking ?? throw new InvalidOperationException("The store booked nothing.");
    }

    internal static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

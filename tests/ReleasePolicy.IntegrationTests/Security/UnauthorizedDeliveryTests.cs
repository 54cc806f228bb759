using System.Net;
using System.Text;
using ReleasePolicy.Access;
using ReleasePolicy.IntegrationTests.Events;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Security;

/// <summary>
/// Event Grid deliveries, Event Grid handshakes and Azure Monitor alerts from callers that may not send them: no key,
/// a wrong key (header or <c>code</c>), a key whose role lacks release.signal, and a header-only key (evidence.read,
/// policy.publish) put in <c>code</c>. Each is refused as problem+json, the events table is not touched, and no
/// handshake is answered. The bodies are valid, so a refusal is the only reason nothing is recorded.
/// </summary>
public sealed class UnauthorizedDeliveryTests(UnauthorizedDeliveryTests.Host fixture) : IClassFixture<UnauthorizedDeliveryTests.Host>
{
    public enum Presented
    {
        NoKey,
        WrongKeyInHeader,
        WrongKeyInCode,
        OperatorKeyInHeader,
        OperatorKeyInCode,
        AuditorKeyInCode,
        AdminKeyInCode,
    }

    public enum Delivery
    {
        CloudEvent,
        EventGridEvent,
        SubscriptionValidation,
        Alert,
    }

    public static TheoryData<Delivery, Presented> Cases()
    {
        var data = new TheoryData<Delivery, Presented>();
        foreach (Delivery delivery in Enum.GetValues<Delivery>())
        {
            foreach (Presented presented in Enum.GetValues<Presented>())
            {
                data.Add(delivery, presented);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Delivery_FromACallerWithoutReleaseSignal_IsRefusedAndRecordsNothing(Delivery delivery, Presented presented)
    {
        IReadOnlyList<string> before = await fixture.EventRowsAsync();
        (string path, string body, string contentType) = Request(delivery);
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Authenticate(path, presented, out string? headerKey))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (headerKey is not null)
        {
            request.WithKey(headerKey);
        }

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        string text = (await Problems.AssertProblemAsync(response, Expected(presented))).GetRawText();
        Assert.DoesNotContain("validationResponse", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ValidationCode, text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await fixture.EventRowsAsync());
    }

    [Theory]
    [MemberData(nameof(Handshakes))]
    public async Task OptionsHandshake_FromACallerWithoutReleaseSignal_IsRefusedAndNotEchoed(Presented presented)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, fixture.Authenticate("/api/events", presented, out string? headerKey));
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        if (headerKey is not null)
        {
            request.WithKey(headerKey);
        }

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        await Problems.AssertProblemAsync(response, Expected(presented));
        Assert.False(response.Headers.Contains("WebHook-Allowed-Origin"));
        Assert.False(response.Headers.Contains("WebHook-Allowed-Rate"));
    }

    [Fact]
    public async Task Delivery_WithThePipelineKeyInCode_IsRecorded_SoTheRefusalsAboveAreRealRefusals()
    {
        IReadOnlyList<string> before = await fixture.EventRowsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events?code=" + Uri.EscapeDataString(fixture.Local.Settings.FunctionKey))
        {
            Content = new StringContent(Request(Delivery.CloudEvent).Body, Encoding.UTF8, "application/cloudevents+json"),
        };

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.NotEqual(before, await fixture.EventRowsAsync());
    }

    public static TheoryData<Presented> Handshakes() => new(Enum.GetValues<Presented>());

    private const string ValidationCode = "5E1C2F7A-SECURITY-HANDSHAKE";

    /// <summary>A caller the door does not know (or a key in a URL it must never travel in) is 401; a known one without the role, 403.</summary>
    private static HttpStatusCode Expected(Presented presented) =>
        presented is Presented.OperatorKeyInHeader or Presented.OperatorKeyInCode ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;

    private static (string Path, string Body, string ContentType) Request(Delivery delivery)
    {
        string id = "sec-" + Guid.NewGuid().ToString("N");
        return delivery switch
        {
            Delivery.CloudEvent => ("/api/events", $$$"""{"specversion":"1.0","type":"ReleasePolicy.Deployment.Started","source":"/security","id":"{{{id}}}","data":{"service":"nowhere"}}""", "application/cloudevents+json"),
            Delivery.EventGridEvent => ("/api/events", $$$"""[{"id":"{{{id}}}","subject":"deployments/nowhere","eventType":"ReleasePolicy.Deployment.Started","eventTime":"2026-11-28T10:00:00Z","data":{"service":"nowhere"},"dataVersion":"1.0"}]""", "application/json"),
            Delivery.SubscriptionValidation => ("/api/events", $$$"""[{"id":"{{{id}}}","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-28T10:00:00Z","data":{"validationCode":"{{{ValidationCode}}}","validationUrl":"https://rp.example/validate"},"dataVersion":"2","metadataVersion":"1"}]""", "application/json"),
            Delivery.Alert => ("/api/alerts", $$$"""{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"{{{id}}}","alertRule":"security","severity":"Sev1","monitorCondition":"Fired"},"customProperties":null}}""", "application/json"),
            _ => throw new ArgumentOutOfRangeException(nameof(delivery)),
        };
    }

    /// <summary>One host for every case, with one more key: an operator (not header-only) without release.signal.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly string operatorKey = "operator-key-" + Guid.NewGuid().ToString("N");

        internal InProcessHost Local { get; private set; } = null!;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            HostSettings settings = await HostSettings.CreateAsync() with
            {
                Extra = new Dictionary<string, string?>
                {
                    ["ReleasePolicy:ApiKeys:oncall:Secret"] = this.operatorKey,
                    ["ReleasePolicy:ApiKeys:oncall:Principal"] = "on-call",
                    ["ReleasePolicy:ApiKeys:oncall:Kind"] = nameof(CallerKind.Person),
                    ["ReleasePolicy:ApiKeys:oncall:Roles:0"] = Roles.Operator,
                },
            };
            this.Local = await InProcessHost.StartAsync(settings);
            this.Http = new HttpClient { BaseAddress = this.Local.App.BaseAddress };
        }

        public async Task DisposeAsync()
        {
            this.Http.Dispose();
            await this.Local.DisposeAsync();
        }

        public Task<IReadOnlyList<string>> EventRowsAsync() =>
            TableRows.SnapshotAsync(this.Local.Settings.StorageConnectionString, this.Local.Settings.EventsTable);

        /// <summary>The path with the key in <c>code</c>, or the key to put in the header.</summary>
        internal string Authenticate(string path, Presented presented, out string? headerKey)
        {
            HostSettings settings = this.Local.Settings;
            string wrong = "wrong-key-" + Guid.NewGuid().ToString("N");
            headerKey = presented switch
            {
                Presented.WrongKeyInHeader => wrong,
                Presented.OperatorKeyInHeader => this.operatorKey,
                _ => null,
            };
            string? code = presented switch
            {
                Presented.WrongKeyInCode => wrong,
                Presented.OperatorKeyInCode => this.operatorKey,
                Presented.AuditorKeyInCode => settings.AuditorKey,
                Presented.AdminKeyInCode => settings.AdminKey,
                _ => null,
            };
            return code is null ? path : path + "?code=" + Uri.EscapeDataString(code);
        }
    }
}

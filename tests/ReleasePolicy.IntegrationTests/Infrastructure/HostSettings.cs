using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>The configuration one test's host runs with: its own hub, table and keys on the shared emulator.</summary>
/// <param name="FunctionKey">The pipeline's key (principal <c>local-pipeline</c>: release.submit, release.signal).</param>
/// <param name="AdminKey">The policy administrator's key (policy.publish, operator).</param>
/// <param name="AuditorKey">The auditor's key (evidence.read).</param>
internal sealed record HostSettings(string StorageConnectionString, string TaskHub, string ReleasesTable, string PolicyContainer, string FunctionKey, string AdminKey, TimeSpan BakeTime)
{
    public string AuditorKey { get; init; } = "auditor-key-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// The policy an empty store is seeded with: the sample without its calendar, so that no test depends on the date
    /// or weekday it runs on. A scheduling test sets <see cref="TestPolicies.WithCalendar"/>'s text.
    /// </summary>
    public string SeedPolicyText { get; init; } = TestPolicies.SampleWithoutCalendar;

    /// <summary>More settings for one test's host (e.g. <c>ReleasePolicy:Auth:TrustPlatformPrincipal</c>).</summary>
    public IReadOnlyDictionary<string, string?> Extra { get; init; } = new Dictionary<string, string?>();

    public static async Task<HostSettings> CreateAsync(TimeSpan? bakeTime = null) => new(
        await TestStorage.GetConnectionStringAsync(),
        TestNames.Unique("hub"),
        TestNames.Unique("releases"),
        TestNames.Unique("policies"),
        "test-key-" + Guid.NewGuid().ToString("N"),
        "admin-key-" + Guid.NewGuid().ToString("N"),
        bakeTime ?? TimeSpan.Zero);

    /// <summary>Every blob container this host's settings name.</summary>
    public IReadOnlyList<string> Containers => [this.PolicyContainer, this.OutboxContainer];

    /// <summary>
    /// This host's approval tally, link-token ledger and dev outbox. Approval ids of policy changes are
    /// <c>policy-{version}</c>, the same in every test that proposes that version, so hosts must not share them.
    /// </summary>
    public string ApprovalsTable { get; init; } = TestNames.Unique("approvals");

    public string TokenTable { get; init; } = TestNames.Unique("tokens");

    public string OutboxContainer { get; init; } = TestNames.Unique("outbox");

    /// <summary>The evidence ledger index of this host (the evidence itself shares the policy container, as in Azure).</summary>
    public string LedgerTable { get; init; } = TestNames.Unique("ledger");

    /// <summary>This host's release calendar (bookings and ad-hoc freezes).</summary>
    public string CalendarTable { get; init; } = TestNames.Unique("calendar");

    /// <summary>This host's inbound events (de-duplication claims, unmatched events, events per release).</summary>
    public string EventsTable { get; init; } = TestNames.Unique("events");

    /// <summary>This host's outbound events: the published-ledger and the dev event outbox.</summary>
    public string OutboundEventsTable { get; init; } = TestNames.Unique("outevents");

    public string DevEventsTable { get; init; } = TestNames.Unique("devevents");
    /// <summary>This host's incidents (records and the per-service-environment index readiness asks).</summary>
    public string IncidentsTable { get; init; } = TestNames.Unique("incidents");

    /// <summary>As configuration keys (the same names work as environment variables with '__' for ':').</summary>
    /// <remarks>Only the secrets are replaced: principals and roles are the local host's documented defaults.</remarks>
    public IReadOnlyDictionary<string, string?> AsConfiguration() => new Dictionary<string, string?>(this.Extra)
    {
        [SeedPolicyFile.Setting] = this.Extra.TryGetValue(SeedPolicyFile.Setting, out string? file) ? file : SeedPolicyFile.For(this.SeedPolicyText),
        ["ReleasePolicy:Storage:ConnectionString"] = this.StorageConnectionString,
        ["ReleasePolicy:Storage:ReleasesTable"] = this.ReleasesTable,
        ["ReleasePolicy:Durable:TaskHub"] = this.TaskHub,
        ["ReleasePolicy:Policy:Container"] = this.PolicyContainer,
        ["ReleasePolicy:Evidence:Container"] = this.PolicyContainer,
        ["ReleasePolicy:Evidence:LedgerTable"] = this.LedgerTable,
        ["ReleasePolicy:Approvals:Table"] = this.ApprovalsTable,
        ["ReleasePolicy:Approvals:TokenTable"] = this.TokenTable,
        ["ReleasePolicy:Calendar:Table"] = this.CalendarTable,
        ["ReleasePolicy:Events:Table"] = this.EventsTable,
        ["ReleasePolicy:Events:Outbound:Table"] = this.OutboundEventsTable,
        ["ReleasePolicy:Events:Outbound:DevOutboxTable"] = this.DevEventsTable,
        ["ReleasePolicy:Incidents:Table"] = this.IncidentsTable,
        ["ReleasePolicy:Mail:OutboxContainer"] = this.OutboxContainer,
        ["ReleasePolicy:Evidence:SigningKeyPem"] = TestSigningKey.Pem,
        ["ReleasePolicy:ApiKeys:pipeline:Secret"] = this.FunctionKey,
        ["ReleasePolicy:ApiKeys:admin:Secret"] = this.AdminKey,
        ["ReleasePolicy:ApiKeys:auditor:Secret"] = this.AuditorKey,
        ["ReleasePolicy:Workflow:BakeTime"] = this.BakeTime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };
}

using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Deployment;
using ReleasePolicy.Deployment.Incidents;
using ReleasePolicy.Deployment.Notices;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Notifications.DevOutbox;
using OutboxMail = ReleasePolicy.Notifications.DevOutbox.OutboxMail;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.IntegrationTests.Outbound;

/// <summary>
/// The deployment mails as the local host sends them: its dev outbox mailer and the seeded policy's directory
/// (<c>change-advisory-board</c> = ivan, judy and the nested <c>cab-alternates</c> ken and laura).
/// </summary>
public sealed class DeploymentNoticesTests(DeploymentNoticesTests.Host fixture) : IClassFixture<DeploymentNoticesTests.Host>
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReleaseNotes_GroupsExpanded_EachPersonOnce_UnknownListed()
    {
        ReleaseWorkflowInput release = Release("Fix rounding");

        SentNotices sent = await fixture.Notices.SendReleaseNotesAsync(Notes(release, ["change-advisory-board", "ivan", "nobody-known", "payments-release-managers"], []));

        Assert.Equal(DeploymentNotices.ReleaseNotesKind, sent.Kind);
        Assert.Equal(["alice", "bob", "ivan", "judy", "ken", "laura"], sent.People.Order(StringComparer.Ordinal));
        Assert.Equal(["nobody-known"], sent.Unknown);
        IReadOnlyList<OutboxMail> mails = await fixture.Outbox.ListAsync(release.ReleaseId, to: null);
        Assert.Equal(sent.MailIds.Order(StringComparer.Ordinal), mails.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Equal((DeploymentNotices.ReleaseNotesKind, "Release notes: payments-api 2.4.1 to production"), (m.Kind, m.Subject)));
        Assert.Equal(sent.People.Order(StringComparer.Ordinal), mails.Select(m => m.To.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReleaseNotes_BodyHasEverythingEscaped()
    {
        ReleaseWorkflowInput release = Release("<script>alert('x')</script> & more");
        ReleaseNotes notes = Notes(release, ["ivan"], ["Cache warms for <5 min>", "Reports lag"]);

        SentNotices sent = await fixture.Notices.SendReleaseNotesAsync(notes);

        string body = (await fixture.Outbox.GetBodyAsync(Assert.Single(sent.MailIds)))!;
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more", body, StringComparison.Ordinal);
        Assert.Contains("<li>Cache warms for &lt;5 min&gt;</li>", body, StringComparison.Ordinal);
        Assert.Contains("<li>Reports lag</li>", body, StringComparison.Ordinal);
        Assert.Contains("2026-12-01 09:00:00 UTC", body, StringComparison.Ordinal);
        Assert.Contains("2026-12-01 09:30:00 UTC", body, StringComparison.Ordinal);
        Assert.Contains("RB-42", body, StringComparison.Ordinal);
        Assert.Contains("https://wiki/runbooks/payments", body, StringComparison.Ordinal);
        Assert.Contains(DatabaseRollbackStrategy.BackwardCompatible, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseNotes_WithoutKnownIssues_SaysNoneDeclared()
    {
        SentNotices sent = await fixture.Notices.SendReleaseNotesAsync(Notes(Release("Fix"), ["ivan"], []));

        Assert.Contains("none declared", (await fixture.Outbox.GetBodyAsync(Assert.Single(sent.MailIds)))!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackEscalation_NamesIncidentRuleReasonRtoAndReleaseLink()
    {
        ReleaseWorkflowInput release = Release("Fix");
        Incident incident = Incident(release, "errorRate above 5% in 3 consecutive samples <b>");

        SentNotices sent = await fixture.Notices.SendRollbackEscalationAsync(release, incident, ["incident-commanders", "ghost"]);

        Assert.Equal(["trent", "wendy"], sent.People.Order(StringComparer.Ordinal));
        Assert.Equal(["ghost"], sent.Unknown);
        OutboxMail mail = (await fixture.Outbox.ListAsync(release.ReleaseId, "wendy")).Single();
        Assert.Equal(DeploymentNotices.RollbackEscalationKind, mail.Kind);
        Assert.Contains(mail.Links, l => l.Url.EndsWith($"/api/releases/{release.ReleaseId}", StringComparison.Ordinal));
        string body = (await fixture.Outbox.GetBodyAsync(mail.Id))!;
        Assert.Contains(incident.Id, body, StringComparison.Ordinal);
        Assert.Contains("errorRate", body, StringComparison.Ordinal);
        Assert.Contains("3 consecutive samples &lt;b&gt;", body, StringComparison.Ordinal);
        Assert.Contains("1 h 00 min", body, StringComparison.Ordinal);
        Assert.Contains($"/api/releases/{release.ReleaseId}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RtoMissed_SaysHowLongTheRollbackTook()
    {
        ReleaseWorkflowInput release = Release("Fix");
        Incident incident = Incident(release, "p95 latency") with { RolledBackAt = Opened.AddMinutes(75), RtoMet = false };

        SentNotices sent = await fixture.Notices.SendRtoMissedAsync(release, incident, ["trent"]);

        OutboxMail mail = (await fixture.Outbox.ListAsync(release.ReleaseId, "trent")).Single();
        Assert.Equal((DeploymentNotices.RtoMissedKind, Assert.Single(sent.MailIds)), (mail.Kind, mail.Id));
        string body = (await fixture.Outbox.GetBodyAsync(mail.Id))!;
        Assert.Contains("2026-11-28 11:15:00 UTC, 1 h 15 min after it was requested", body, StringComparison.Ordinal);
        Assert.Contains("1 h 00 min", body, StringComparison.Ordinal);
    }

    private static ReleaseWorkflowInput Release(string changeSummary)
    {
        string id = "rel-" + Guid.NewGuid().ToString("N");
        var request = new ReleaseRequest("payments-api", "2.4.1", "production", ReleaseType.Patch, "alice", changeSummary, id, EvidenceJson: null);
        return new ReleaseWorkflowInput(id, request, TimeSpan.Zero, new PolicyReference(1, "2026.11.1", "hash"));
    }

    private static ReleaseNotes Notes(ReleaseWorkflowInput release, IReadOnlyList<string> recipients, IReadOnlyList<string> knownIssues) => new(
        release,
        recipients,
        new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero),
        "RB-42",
        "https://wiki/runbooks/payments",
        DatabaseRollbackStrategy.BackwardCompatible,
        knownIssues);

    private static Incident Incident(ReleaseWorkflowInput release, string reason) => new(
        Deployment.Incidents.Incident.IdFor(release.ReleaseId), release.ReleaseId, "payments-api", "production", "2.4.1", "errorRate", reason, Opened, TimeSpan.FromHours(1), RootCauseAnalysisRequired: true);

    /// <summary>One local host (dev outbox mailer, the sample policy's directory).</summary>
    public sealed class Host : IAsyncLifetime
    {
        internal InProcessHost Local { get; private set; } = null!;

        public IDeploymentNotices Notices => this.Local.App.App.Services.GetRequiredService<IDeploymentNotices>();

        public DevOutboxStore Outbox => this.Local.App.App.Services.GetRequiredService<DevOutboxStore>();

        public async Task InitializeAsync() => this.Local = await InProcessHost.StartAsync(await HostSettings.CreateAsync());

        public async Task DisposeAsync() => await this.Local.DisposeAsync();
    }
}

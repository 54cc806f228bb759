using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Security;

/// <summary>
/// A finished release's evidence cannot be changed through any route: every write route is tried against it (and the
/// read routes with write verbs), by every kind of caller that might try, and afterwards its chain still verifies with
/// the same head and record count, its evidence blobs are the same blobs with the same ETags, and the release reads the same.
/// </summary>
[Collection(SecretsHostCollection.Name)]
public sealed class EvidenceOverwriteTests(SecretsHost fixture)
{
    public static TheoryData<string> Attempts() => new(AttemptNames);

    private static readonly string[] AttemptNames =
    [
        "resubmit-same-idempotency-key-other-body",
        "put-release",
        "delete-release",
        "patch-release",
        "post-release",
        "put-submission",
        "signal-deployment-failed",
        "signal-unhealthy-sample",
        "signal-as-operator",
        "event-forged-subject-cloudevent",
        "event-forged-subject-eventgrid",
        "alert-fired",
        "replay-approval-links",
        "reject-through-used-link",
        "rca-unrelated-incident",
        "rca-this-release-as-pipeline",
        "legal-hold-by-pipeline",
        "legal-hold-by-admin",
        "legal-hold-clear-by-operator",
        "put-audit-release",
        "delete-audit-release",
        "post-audit-verify",
        "post-audit-export",
        "delete-audit-records",
    ];

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task WriteAttemptOnAFinishedRelease_LeavesItsEvidenceAndRecordUnchanged(string attempt)
    {
        Snapshot before = await this.SnapshotAsync();
        Assert.True(before.Verified, $"the fixture's release does not verify before the attempt: {before.Verification}");

        foreach (HttpRequestMessage request in this.Requests(attempt))
        {
            using (request)
            using (HttpResponseMessage response = await fixture.Http.SendAsync(request))
            {
                string text = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"{attempt}: {request.Method} {request.RequestUri} answered {(int)response.StatusCode} {text}");
            }
        }

        // Deliveries reach the orchestration (if at all) through a queue: give a late effect the chance to show.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Snapshot after = await this.SnapshotAsync();
        Assert.True(after.Verified, $"{attempt}: the chain no longer verifies: {after.Verification}");
        Assert.Equal((before.Head, before.Records), (after.Head, after.Records));
        Assert.Equal(before.Blobs, after.Blobs);
        Assert.Equal(WithoutRefusals(before.Release), WithoutRefusals(after.Release));
    }

    /// <summary>
    /// The release without its approval tiers' refusal lists: a refused click (a replayed or forged link) is recorded
    /// there on purpose, as security evidence; everything else, votes included, must stay as it was.
    /// </summary>
    private static string WithoutRefusals(string release)
    {
        JsonNode root = JsonNode.Parse(release)!;
        foreach (JsonNode? tier in root["approvals"]?.AsArray() ?? [])
        {
            tier?.AsObject().Remove("refusals");
            tier?.AsObject().Remove("refusalsDropped");
        }

        return root.ToJsonString();
    }

    private IEnumerable<HttpRequestMessage> Requests(string attempt)
    {
        HostSettings settings = fixture.Local.Settings;
        string id = fixture.ReleaseId;
        string release = $"/api/releases/{id}";
        string audit = $"/api/audit/releases/{id}";
        string code = "?code=" + Uri.EscapeDataString(settings.FunctionKey);
        string eventId = Guid.NewGuid().ToString("N");
        const string Reason = """{"reason":"overwrite attempt"}""";
        string failed = $$$"""{"id":"{{{eventId}}}","type":"ReleasePolicy.Deployment.Failed","data":{"reason":"forged"}}""";
        string unhealthy = $$$"""{"id":"{{{eventId}}}","type":"ReleasePolicy.Health.Sample","data":{"errorRatePercent":95}}""";
        string rca = """{"findings":"overwritten","actions":["none"]}""";
        return attempt switch
        {
            "resubmit-same-idempotency-key-other-body" => [Post("/api/releases", JsonSerializer.Serialize(ReleaseApiClient.PatchRequest(version: "6.6.6")), settings.FunctionKey, ("Idempotency-Key", "security-release"))],
            "put-release" => [Send(HttpMethod.Put, release, """{"status":"failed"}""", settings.AdminKey), Send(HttpMethod.Put, release, """{"status":"failed"}""", settings.FunctionKey)],
            "delete-release" => [Send(HttpMethod.Delete, release, null, settings.AdminKey), Send(HttpMethod.Delete, release, null, settings.FunctionKey)],
            "patch-release" => [Send(HttpMethod.Patch, release, """{"stage":"approval"}""", settings.FunctionKey)],
            "post-release" => [Post(release, """{"stage":"approval"}""", settings.FunctionKey)],
            "put-submission" => [Send(HttpMethod.Put, release + "/submission", JsonSerializer.Serialize(ReleaseApiClient.PatchRequest()), settings.FunctionKey)],
            "signal-deployment-failed" => [Post(release + "/signals", failed, settings.FunctionKey)],
            "signal-unhealthy-sample" => [Post(release + "/signals", unhealthy, settings.FunctionKey)],
            "signal-as-operator" => [Post(release + "/signals", failed, fixture.OperatorKey), Post(release + "/signals", failed, settings.AdminKey)],
            "event-forged-subject-cloudevent" => [Post(
                "/api/events" + code,
                $$$"""{"specversion":"1.0","type":"ReleasePolicy.Deployment.Failed","source":"/forged","subject":"releases/{{{id}}}","id":"{{{eventId}}}","data":{"releaseId":"{{{id}}}","reason":"forged"}}""",
                key: null,
                contentType: "application/cloudevents+json")],
            "event-forged-subject-eventgrid" => [Post(
                "/api/events" + code,
                $$$"""[{"id":"{{{eventId}}}","subject":"releases/{{{id}}}","eventType":"ReleasePolicy.Deployment.RolledBack","eventTime":"2026-11-28T10:00:00Z","data":{"releaseId":"{{{id}}}"},"dataVersion":"1.0"}]""",
                key: null)],
            "alert-fired" => [Post(
                "/api/alerts" + code,
                $$$$"""{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"{{{{eventId}}}}","alertRule":"overwrite","severity":"Sev0","monitorCondition":"Fired","description":"{{{{id}}}}"},"customProperties":{"releaseId":"{{{{id}}}}"}}}""",
                key: null)],
            "replay-approval-links" => fixture.UsedLinks.Select(l => Post(l.PathAndQuery, """{"decision":"approve","comment":"again"}""", key: null)),
            "reject-through-used-link" => fixture.UsedLinks.Select(l => Post(l.PathAndQuery, """{"decision":"reject","comment":"changed my mind"}""", key: null)),
            "rca-unrelated-incident" => [Post("/api/incidents/inc-rel-00000000000000000000000000000000/rca", rca, settings.FunctionKey), Post($"/api/incidents/inc-{id}x/rca", rca, settings.AdminKey)],
            "rca-this-release-as-pipeline" => [Post($"/api/incidents/inc-{id}/rca", rca, settings.FunctionKey), Post($"/api/incidents/inc-{id}/rca", rca, settings.AuditorKey)],
            "legal-hold-by-pipeline" => [Post(audit + "/legal-hold", Reason, settings.FunctionKey)],
            "legal-hold-by-admin" => [Post(audit + "/legal-hold", Reason, settings.AdminKey)],
            "legal-hold-clear-by-operator" => [Send(HttpMethod.Delete, audit + "/legal-hold", Reason, fixture.OperatorKey), Send(HttpMethod.Delete, audit + "/legal-hold", Reason, settings.AdminKey)],
            "put-audit-release" => [Send(HttpMethod.Put, audit, "{}", settings.AuditorKey), Send(HttpMethod.Post, audit, "{}", settings.AuditorKey)],
            "delete-audit-release" => [Send(HttpMethod.Delete, audit, null, settings.AuditorKey), Send(HttpMethod.Delete, audit, null, settings.AdminKey)],
            "post-audit-verify" => [Post(audit + "/verify", "{}", settings.AuditorKey)],
            "post-audit-export" => [Post(audit + "/export", "{}", settings.AuditorKey), Send(HttpMethod.Put, audit + "/export", "{}", settings.AuditorKey)],
            "delete-audit-records" => [Send(HttpMethod.Delete, audit + "/records/000001-submission.json", null, settings.AuditorKey), Send(HttpMethod.Delete, "/api/audit/ledger/2026-11-27", null, settings.AuditorKey)],
            _ => throw new ArgumentOutOfRangeException(nameof(attempt), attempt, "Add the requests of this attempt."),
        };
    }

    private static HttpRequestMessage Post(string path, string body, string? key, params (string Name, string Value)[] headers) =>
        Send(HttpMethod.Post, path, body, key, "application/json", headers);

    private static HttpRequestMessage Post(string path, string body, string? key, string contentType) =>
        Send(HttpMethod.Post, path, body, key, contentType);

    private static HttpRequestMessage Send(HttpMethod method, string path, string? body, string? key, string contentType = "application/json", params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        if (key is not null)
        {
            request.WithKey(key);
        }

        foreach ((string name, string value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    private async Task<Snapshot> SnapshotAsync()
    {
        using HttpRequestMessage verify = fixture.AsAuditor(new HttpRequestMessage(HttpMethod.Get, $"/api/audit/releases/{fixture.ReleaseId}/verify"));
        using HttpResponseMessage verified = await fixture.Http.SendAsync(verify);
        string text = await verified.Content.ReadAsStringAsync();
        Assert.True(verified.StatusCode == HttpStatusCode.OK, $"verify: {(int)verified.StatusCode} {text}");
        JsonElement verification = JsonDocument.Parse(text).RootElement.Clone();
        JsonElement release = await fixture.Local.Api.GetReleaseAsync(fixture.ReleaseId);
        return new Snapshot(
            verification.GetProperty("verified").GetBoolean(),
            verification.GetProperty("head").GetString(),
            verification.GetProperty("records").GetInt32(),
            text,
            await fixture.EvidenceBlobsAsync(),
            release.GetRawText());
    }

    private sealed record Snapshot(bool Verified, string? Head, int Records, string Verification, IReadOnlyList<string> Blobs, string Release);
}

using System.Net;
using System.Text;
using ReleasePolicy.IntegrationTests.Approvals.Security;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Security;

/// <summary>
/// Every configured secret, given a distinct recognisable value, never shows in any log line (captured at Trace) or any
/// answer, as it is or URL- or base64-encoded, over a realistic run: a release submitted, approved through its links
/// and deployed (the fixture), then events and an alert with the key in <c>code</c>, wrong keys, a key in a URL it may
/// not travel in, a caller without the role, a forged approval link and a replayed one.
/// </summary>
[Collection(SecretsHostCollection.Name)]
public sealed class SecretsNeverLoggedTests(SecretsHost fixture)
{
    [Fact]
    public async Task RealisticRunWithEverySecretSet_NoSecretInAnyLogLineOrAnswer()
    {
        var answers = new List<string>();
        HostSettings settings = fixture.Local.Settings;
        string wrong = "SECRET-wrong-key-" + Guid.NewGuid().ToString("N");
        string cloudEvent = $$$"""{"specversion":"1.0","type":"ReleasePolicy.Health.Sample","source":"/security","id":"{{{Guid.NewGuid():N}}}","data":{"releaseId":"{{{fixture.ReleaseId}}}","errorRatePercent":0.1}}""";
        const string Alert = """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"secrets-alert","alertRule":"secrets","severity":"Sev1","monitorCondition":"Fired"},"customProperties":null}}""";

        answers.Add(await this.SendAsync(HttpMethod.Post, "/api/events?code=" + Uri.EscapeDataString(settings.FunctionKey), cloudEvent, "application/cloudevents+json", HttpStatusCode.OK));
        answers.Add(await this.SendAsync(HttpMethod.Post, "/api/alerts?code=" + Uri.EscapeDataString(settings.FunctionKey), Alert, "application/json", HttpStatusCode.OK));
        answers.Add(await this.SendAsync(HttpMethod.Post, "/api/events?code=" + Uri.EscapeDataString(wrong), cloudEvent, "application/cloudevents+json", HttpStatusCode.Unauthorized));
        answers.Add(await this.SendAsync(HttpMethod.Post, "/api/alerts?code=" + Uri.EscapeDataString(settings.AuditorKey), Alert, "application/json", HttpStatusCode.Unauthorized));
        answers.Add(await this.SendAsync(HttpMethod.Post, "/api/events?code=" + Uri.EscapeDataString(settings.AdminKey), cloudEvent, "application/cloudevents+json", HttpStatusCode.Unauthorized));
        answers.Add(await this.SendAsync(HttpMethod.Post, "/api/events?code=" + Uri.EscapeDataString(fixture.OperatorKey), cloudEvent, "application/cloudevents+json", HttpStatusCode.Forbidden));
        answers.Add(await this.SendAsync(HttpMethod.Get, "/api/releases?code=" + Uri.EscapeDataString(settings.FunctionKey), null, null, HttpStatusCode.Unauthorized));
        answers.Add(await this.SendAsync(HttpMethod.Get, "/api/releases", null, null, HttpStatusCode.Unauthorized, key: wrong));
        answers.Add(await this.SendAsync(HttpMethod.Get, $"/api/audit/releases/{fixture.ReleaseId}", null, null, HttpStatusCode.Forbidden, key: settings.FunctionKey));
        answers.Add(await this.SendAsync(HttpMethod.Get, $"/api/audit/releases/{fixture.ReleaseId}/verify", null, null, HttpStatusCode.OK, key: settings.AuditorKey));
        answers.Add(await this.SendAsync(HttpMethod.Get, "/api/audit/signing-keys", null, null, HttpStatusCode.OK, key: settings.AuditorKey));
        answers.Add(await this.SendAsync(HttpMethod.Get, $"/api/releases/{fixture.ReleaseId}", null, null, HttpStatusCode.OK, key: settings.FunctionKey));

        Uri used = Assert.IsType<Uri>(fixture.UsedLinks.FirstOrDefault(), exactMatch: false);
        answers.Add(await this.SendAsync(HttpMethod.Post, used.PathAndQuery, "{\"decision\":\"approve\"}", "application/json", HttpStatusCode.Conflict));
        string forged = "/api/approvals/" + DevLinkTokens.WithFlippedMacByte(DevLinkTokens.Of(used));
        answers.Add(await this.SendAsync(HttpMethod.Post, forged, "{\"decision\":\"approve\"}", "application/json", HttpStatusCode.Forbidden));

        string[] logs = fixture.Logs.Entries.ToArray();
        Assert.True(logs.Length > 100, $"expected the run to be logged at Trace, captured only {logs.Length} lines");
        foreach ((string setting, string value) in fixture.Secrets)
        {
            foreach ((string form, string text) in Forms(value))
            {
                string? line = logs.FirstOrDefault(l => l.Contains(text, StringComparison.OrdinalIgnoreCase));
                Assert.True(line is null, $"{setting} ({form}) is in a log line: {line}");
                string? answer = answers.FirstOrDefault(a => a.Contains(text, StringComparison.OrdinalIgnoreCase));
                Assert.True(answer is null, $"{setting} ({form}) is in an answer: {answer}");
            }
        }
    }

    /// <summary>The secret as it is, URL-encoded (both ways .NET encodes), and base64 of its UTF-8 bytes (with and without padding).</summary>
    private static IEnumerable<(string Form, string Text)> Forms(string secret)
    {
        string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        return new[]
        {
            ("as is", secret),
            ("URL-encoded", Uri.EscapeDataString(secret)),
            ("form-encoded", WebUtility.UrlEncode(secret)),
            ("base64", base64.TrimEnd('=')),
            ("base64url", base64.TrimEnd('=').Replace('+', '-').Replace('/', '_')),
        }.Distinct();
    }

    private async Task<string> SendAsync(HttpMethod method, string path, string? body, string? contentType, HttpStatusCode expected, string? key = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        }

        if (key is not null)
        {
            request.WithKey(key);
        }

        using HttpResponseMessage response = await fixture.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return $"{(int)response.StatusCode} {response.Headers} {response.Content.Headers} {text}";
    }
}

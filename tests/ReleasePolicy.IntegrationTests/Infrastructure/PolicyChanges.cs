using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// Policy changes the way people make them: the administrator proposes (<c>PUT /api/policy</c> → 202), then the
/// Release Policy Council approves through the dev outbox's links, exactly like release approvers do.
/// </summary>
internal static class PolicyChanges
{
    public static async Task<HttpResponseMessage> ProposeAsync(Uri baseAddress, string text, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/policy") { Content = new StringContent(text, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        request.Headers.Add("x-functions-key", key);
        using var http = new HttpClient { BaseAddress = baseAddress };
        return await http.SendAsync(request);
    }

    /// <summary>Proposes <paramref name="text"/> as the administrator, has the council approve it, and waits until it is active.</summary>
    public static async Task<JsonElement> PublishApprovedAsync(Uri baseAddress, string adminKey, string text)
    {
        using HttpResponseMessage proposed = await ProposeAsync(baseAddress, text, adminKey);
        string body = await proposed.Content.ReadAsStringAsync();
        Assert.True(proposed.StatusCode == HttpStatusCode.Accepted, $"{(int)proposed.StatusCode} {body}");
        string version = JsonDocument.Parse(body).RootElement.GetProperty("version").GetString()!;
        JsonElement status = await ApproveAsync(baseAddress, adminKey, version);
        Assert.True(status.GetProperty("active").GetBoolean(), status.ToString());
        return status;
    }

    /// <summary>Answers every council mail for the proposal with <paramref name="decision"/> until it is no longer pending.</summary>
    public static async Task<JsonElement> ApproveAsync(Uri baseAddress, string readKey, string version, string decision = "approve", int answers = int.MaxValue, TimeSpan? deadline = null)
    {
        using var driver = new ApprovalDriver(baseAddress);
        DateTime until = DateTime.UtcNow + (deadline ?? ReleaseApiClient.DefaultDeadline);
        var used = new HashSet<Uri>();
        JsonElement status = default;
        while (DateTime.UtcNow < until)
        {
            status = await StatusAsync(baseAddress, readKey, version);
            if (status.GetProperty("status").GetString() != "pending")
            {
                return status;
            }

            foreach (OutboxMail mail in (await driver.MailsAsync("policy-" + version)).Where(m => m.Link is not null && used.Count < answers && used.Add(m.Link)))
            {
                using HttpResponseMessage answered = await driver.AnswerAsync(mail.Link!, decision, $"{decision} by the test for {mail.To}");
            }

            await Task.Delay(300);
        }

        Assert.Fail($"Proposal {version} stayed pending: {status}");
        return status;
    }

    public static async Task<JsonElement> StatusAsync(Uri baseAddress, string key, string version)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/policy/proposals/" + Uri.EscapeDataString(version));
        request.Headers.Add("x-functions-key", key);
        using HttpResponseMessage response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

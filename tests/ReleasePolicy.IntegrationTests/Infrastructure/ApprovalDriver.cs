using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// Plays the approvers the way people do locally: reads the dev outbox (as JSON), follows the links in the mails and
/// answers on the approver page. No credentials: the link is the credential.
/// </summary>
internal sealed class ApprovalDriver(Uri baseAddress) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseAddress };

    public HttpClient Http => this.http;

    /// <summary>The mails in the outbox for one release, newest first.</summary>
    public async Task<IReadOnlyList<OutboxMail>> MailsAsync(string releaseId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/dev/outbox?releaseId=" + Uri.EscapeDataString(releaseId));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using HttpResponseMessage response = await this.http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"dev outbox: {(int)response.StatusCode} {body}");
        using JsonDocument json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("mails").EnumerateArray().Select(OutboxMail.From).ToArray();
    }

    /// <summary>Waits until the outbox holds a mail matching <paramref name="match"/> for the release.</summary>
    public async Task<IReadOnlyList<OutboxMail>> WaitForMailsAsync(string releaseId, Func<IReadOnlyList<OutboxMail>, bool> match, TimeSpan? deadline = null)
    {
        DateTime until = DateTime.UtcNow + (deadline ?? ReleaseApiClient.DefaultDeadline);
        IReadOnlyList<OutboxMail> mails = [];
        while (DateTime.UtcNow < until)
        {
            mails = await this.MailsAsync(releaseId);
            if (match(mails))
            {
                return mails;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"The outbox never held the expected mails for {releaseId}; it holds: {string.Join("; ", mails.Select(m => $"{m.Kind} to {m.To}"))}");
        return mails;
    }

    /// <summary>Answers through the approver page's form, as a browser posts it.</summary>
    public async Task<HttpResponseMessage> AnswerAsync(Uri link, string decision, string? comment = null, bool asJson = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, link)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = decision, ["comment"] = comment ?? string.Empty }),
        };
        if (asJson)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        }

        return await this.http.SendAsync(request);
    }

    /// <summary>
    /// Approves every open request in the outbox for the release, tier after tier, until the release leaves the
    /// approval stage; returns the people who approved.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApproveAllAsync(ReleaseApiClient api, string releaseId, TimeSpan? deadline = null)
    {
        DateTime until = DateTime.UtcNow + (deadline ?? ReleaseApiClient.DefaultDeadline);
        var used = new HashSet<Uri>();
        var approvers = new List<string>();
        JsonElement release = default;
        while (DateTime.UtcNow < until)
        {
            release = await api.GetReleaseAsync(releaseId);
            string? stage = release.GetProperty("stage").GetString();
            if (stage is not ("readiness" or "approval"))
            {
                return approvers;
            }

            foreach (OutboxMail mail in (await this.MailsAsync(releaseId)).Where(m => m.Link is not null && used.Add(m.Link)))
            {
                using HttpResponseMessage answered = await this.AnswerAsync(mail.Link!, "approve", $"approved by the test for {mail.To}");
                if (answered.IsSuccessStatusCode)
                {
                    approvers.Add(mail.To);
                }
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{releaseId} did not leave approval in time; approved by {string.Join(", ", approvers)}. Release: {release}");
        return approvers;
    }

    public void Dispose() => this.http.Dispose();
}

/// <summary>One stored mail as the outbox's JSON lists it.</summary>
internal sealed record OutboxMail(string Id, string To, string? ToMail, string Kind, string Subject, string? ReleaseId, Uri? Link)
{
    public static OutboxMail From(JsonElement mail)
    {
        JsonElement to = mail.GetProperty("to");
        Uri? link = mail.TryGetProperty("links", out JsonElement links) && links.GetArrayLength() > 0
            ? new Uri(links[0].GetProperty("url").GetString()!)
            : null;
        return new OutboxMail(
            mail.GetProperty("id").GetString()!,
            to.GetProperty("id").GetString()!,
            to.TryGetProperty("mail", out JsonElement address) ? address.GetString() : null,
            mail.GetProperty("kind").GetString()!,
            mail.GetProperty("subject").GetString()!,
            mail.TryGetProperty("releaseId", out JsonElement release) ? release.GetString() : null,
            link);
    }
}

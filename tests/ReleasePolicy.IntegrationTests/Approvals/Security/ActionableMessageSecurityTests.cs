using System.Net;
using System.Text;
using System.Text.Json;
using ReleasePolicy.Approvals;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// The Outlook card's <c>Action.Http</c> POST, with Microsoft's bearer token played by a local OpenID stub: a valid
/// token from the link's approver counts; a token for another audience, from another issuer, badly signed, expired or
/// missing is a 401 logged as security evidence; a valid token from someone else is a 403 recorded on the tier.
/// </summary>
public sealed class ActionableMessageSecurityTests(ActionableMessageRelease fixture) : IClassFixture<ActionableMessageRelease>
{
    private const string Route = "/api/approvals/actionable";

    [Fact]
    public async Task CardAnswer_WithValidTokenFromTheApprover_CountsTheVote()
    {
        OutboxMail mail = fixture.Scenario.Requests.Single(m => m.To == "grace");
        string token = DevLinkTokens.Of(mail.Link!);
        await this.AssertCardCarriesAsync(mail, token);

        using HttpResponseMessage response = await this.PostAsync(token, fixture.Issuer.MintToken("grace@contoso.example", audience: fixture.Audience));

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.True(response.Headers.TryGetValues("CARD-ACTION-STATUS", out IEnumerable<string>? status), "no CARD-ACTION-STATUS header");
        Assert.Contains("approval is recorded", Assert.Single(status), StringComparison.Ordinal);
        Assert.Contains("grace", await fixture.Scenario.VotersAsync());
        JsonElement vote = (await fixture.Scenario.TierAsync()).GetProperty("votes").EnumerateArray().Single(v => v.GetProperty("person").GetString() == "grace");
        Assert.Equal("actionable-message", vote.GetProperty("via").GetString());
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "wrong-audience", "WrongAudience" },
        { "wrong-issuer", "WrongIssuer" },
        { "bad-signature", "BadSignature" },
        { "expired", "Expired" },
        { "missing", "Malformed" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task CardAnswer_WithAnInvalidBearerToken_Is401_AndLoggedAsSecurityEvidence(string kind, string failure)
    {
        string? bearer = kind switch
        {
            "wrong-audience" => fixture.Issuer.MintToken("heidi@contoso.example", audience: "https://evil.example"),
            "wrong-issuer" => fixture.Issuer.MintToken("heidi@contoso.example", audience: fixture.Audience, issuer: "https://login.example/evil/"),
            "bad-signature" => fixture.Issuer.MintToken("heidi@contoso.example", audience: fixture.Audience, signWithOtherKey: true),
            // Beyond the validator's five minutes of clock tolerance.
            "expired" => fixture.Issuer.MintToken("heidi@contoso.example", audience: fixture.Audience, lifetime: TimeSpan.FromMinutes(-30)),
            _ => null,
        };
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);

        using HttpResponseMessage response = await this.PostAsync(DevLinkTokens.Of(fixture.Scenario.LinkFor("heidi")), bearer);

        await Refusals.AssertAsync(response, HttpStatusCode.Unauthorized, "Action-Authorization", "actionable-token-" + failure.ToLowerInvariant());
        Assert.True(response.Headers.Contains("CARD-ACTION-STATUS"));
        JsonElement logged = await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, "actionable-token-" + failure);
        Assert.Equal("AnswerActionableMessage", logged.GetProperty("route").GetString());
        Assert.DoesNotContain("heidi", await fixture.Scenario.VotersAsync());
    }

    [Fact]
    public async Task CardAnswer_WithValidTokenFromSomeoneElse_Is403WrongApprover_AndRecordedOnTheTier()
    {
        string token = DevLinkTokens.Of(fixture.Scenario.LinkFor("heidi"));

        using HttpResponseMessage response = await this.PostAsync(token, fixture.Issuer.MintToken("carol@contoso.example", audience: fixture.Audience));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "approver", RefusalCodes.WrongApprover);
        await fixture.Scenario.AssertRefusalRecordedAsync("carol", RefusalCodes.WrongApprover);
        string[] voters = [.. await fixture.Scenario.VotersAsync()];
        Assert.DoesNotContain("heidi", voters);
        Assert.DoesNotContain("carol", voters);
    }

    [Fact]
    public async Task CardAnswer_FromSomeoneElseForAnApprovalThatDoesNotExist_Is403_AndLoggedAsSecurityEvidence()
    {
        string otherRelease = "rel-" + Guid.NewGuid().ToString("N");
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);

        using HttpResponseMessage response = await this.PostAsync(
            DevLinkTokens.Mint(otherRelease, 0, "heidi"), fixture.Issuer.MintToken("carol@contoso.example", audience: fixture.Audience));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "approver", RefusalCodes.WrongApprover);
        JsonElement logged = await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, RefusalCodes.WrongApprover);
        Assert.Contains(otherRelease, logged.GetProperty("claimedUnverified").GetString(), StringComparison.Ordinal);
        Assert.Contains("carol", logged.GetProperty("claimedUnverified").GetString(), StringComparison.Ordinal);
    }

    private async Task AssertCardCarriesAsync(OutboxMail mail, string token)
    {
        using HttpResponseMessage body = await fixture.Scenario.Driver.Http.GetAsync($"/api/dev/outbox/{mail.Id}");
        string html = await body.Content.ReadAsStringAsync();
        Assert.Contains("Action.Http", html, StringComparison.Ordinal);
        Assert.Contains(token, html, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string linkToken, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Route)
        {
            Content = new StringContent(JsonSerializer.Serialize(new { token = linkToken, decision = "approve", comment = "from Outlook" }), Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Action-Authorization", "Bearer " + bearer);
        }

        return fixture.Scenario.Driver.Http.SendAsync(request);
    }
}

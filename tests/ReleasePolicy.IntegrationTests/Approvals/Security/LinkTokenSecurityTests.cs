using System.Net;
using System.Text.Json;
using ReleasePolicy.Approvals;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// Approval links that must not count, over HTTP on the local host: forged, expired, bound to something else, or
/// presented by someone who may not approve. Each is a problem+json with the field and reason, never a 5xx, never a
/// vote, and leaves a record: on the tier when the link is authentic, in the security log when it proves nothing.
/// </summary>
public sealed class LinkTokenSecurityTests(WaitingPeerRelease fixture) : IClassFixture<WaitingPeerRelease>
{
    private PeerReleaseScenario Scenario => fixture.Scenario;

    private HttpClient Http => fixture.Scenario.Driver.Http;

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task LinkWithOneMacByteFlipped_Is403BadSignature_AndLoggedAsSecurityEvidence(string method)
    {
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);
        Uri forged = this.Link(DevLinkTokens.WithFlippedMacByte(DevLinkTokens.Of(this.Scenario.LinkFor("grace"))));

        using HttpResponseMessage response = await this.SendAsync(method, forged);

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "token", "link-badsignature");
        JsonElement logged = await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, "link-BadSignature");
        Assert.Equal(method == "GET" ? "GetApprovalPage" : "AnswerApproval", logged.GetProperty("route").GetString());
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task LinkSignedWithAnotherKey_Is403BadSignature_AndLoggedAsSecurityEvidence()
    {
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);
        Uri forged = this.Link(DevLinkTokens.MintWithOtherKey(this.Scenario.ReleaseId, 0, "grace"));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(forged, "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "token", "link-badsignature");
        await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, "link-BadSignature");
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task ExpiredLink_Is410_AndLoggedAsSecurityEvidence()
    {
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);
        Uri expired = this.Link(DevLinkTokens.Mint(this.Scenario.ReleaseId, 0, "grace", DateTimeOffset.UtcNow.AddMinutes(-1)));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(expired, "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.Gone, "token", "link-expired");
        await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, "link-Expired");
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task MalformedLink_Is400_AndLoggedAsSecurityEvidence()
    {
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);
        string token = DevLinkTokens.Of(this.Scenario.LinkFor("grace"));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(this.Link(token[..^3]), "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.BadRequest, "token", "link-malformed");
        await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, "link-Malformed");
        await this.AssertNoVotesAsync();
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task AuthenticLinkForAnotherRelease_Is404_LoggedAsSecurityEvidence_AndNoVoteLandsAnywhere(string method)
    {
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);
        string otherRelease = "rel-" + Guid.NewGuid().ToString("N");
        Uri link = this.Link(DevLinkTokens.Mint(otherRelease, 0, "grace"));

        using HttpResponseMessage response = await this.SendAsync(method, link);

        await Refusals.AssertAsync(response, HttpStatusCode.NotFound, "token", RefusalCodes.UnknownApproval);
        JsonElement logged = await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, RefusalCodes.UnknownApproval);
        Assert.Contains(otherRelease, logged.GetProperty("claimedUnverified").GetString(), StringComparison.Ordinal);
        Assert.Equal(method == "GET" ? "GetApprovalPage" : "AnswerApproval", logged.GetProperty("route").GetString());
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task ForgedLinkPostedFromTheBrowserForm_Is403Page_NotAServerError()
    {
        Uri forged = this.Link(DevLinkTokens.WithFlippedMacByte(DevLinkTokens.Of(this.Scenario.LinkFor("heidi"))));

        using HttpResponseMessage response = await this.Scenario.Driver.AnswerAsync(forged, "approve", "from a browser", asJson: false);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("signature is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task AuthenticLinkForATierThisReleaseDoesNotHave_Is404_AndNoVoteLandsAnywhere()
    {
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(fixture.Host);
        Uri link = this.Link(DevLinkTokens.Mint(this.Scenario.ReleaseId, 1, "grace"));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.NotFound, "token", RefusalCodes.UnknownApproval);
        await PeerReleaseScenario.AssertSecurityLoggedAsync(fixture.Host, before, RefusalCodes.UnknownApproval);
        JsonElement release = await fixture.Host.Api.GetReleaseAsync(this.Scenario.ReleaseId);
        Assert.Single(release.GetProperty("approvals").EnumerateArray().ToArray());
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task AuthenticLinkForSomeoneOutsideTheGroup_Is403NotAMember_AndRecordedOnTheTier()
    {
        Uri link = this.Link(DevLinkTokens.Mint(this.Scenario.ReleaseId, 0, "mallory"));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "approver", RefusalCodes.NotAMember);
        await this.Scenario.AssertRefusalRecordedAsync("mallory", RefusalCodes.NotAMember);
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task AuthenticLinkForTheRequester_Is403SelfApproval_AndRecordedOnTheTier()
    {
        Uri link = this.Link(DevLinkTokens.Mint(this.Scenario.ReleaseId, 0, "alice"));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "approver", RefusalCodes.SelfApproval);
        await this.Scenario.AssertRefusalRecordedAsync("alice", RefusalCodes.SelfApproval);
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task AuthenticLinkForAGroupTheRequesterIsIn_Is403SelfApproval_AndRecordedOnTheTier()
    {
        Uri link = this.Link(DevLinkTokens.Mint(this.Scenario.ReleaseId, 0, "payments-release-managers"));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "approver", RefusalCodes.SelfApproval);
        await this.Scenario.AssertRefusalRecordedAsync("payments-release-managers", RefusalCodes.SelfApproval);
        await this.AssertNoVotesAsync();
    }

    [Fact]
    public async Task AuthenticLinkForAGroupWithoutTheRequester_Is403GroupApprover_AndRecordedOnTheTier()
    {
        Uri link = this.Link(DevLinkTokens.Mint(this.Scenario.ReleaseId, 0, "senior-engineers"));

        using HttpResponseMessage response = await this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "approver", RefusalCodes.GroupApprover);
        await this.Scenario.AssertRefusalRecordedAsync("senior-engineers", RefusalCodes.GroupApprover);
        await this.AssertNoVotesAsync();
    }

    private Uri Link(string token) => new(fixture.Host.App.BaseAddress, "/api/approvals/" + token);

    private Task<HttpResponseMessage> SendAsync(string method, Uri link) => method == "GET"
        ? this.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, link) { Headers = { { "Accept", "application/json" } } })
        : this.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));

    private async Task AssertNoVotesAsync()
    {
        Assert.Empty(await this.Scenario.VotersAsync());
        Assert.Equal("approval", (await fixture.Host.Api.GetReleaseAsync(this.Scenario.ReleaseId)).GetProperty("stage").GetString());
    }
}

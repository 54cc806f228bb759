using System.Net;
using System.Text.Json;
using ReleasePolicy.Approvals;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// Refusals of authentic links that change nothing but the record: a replayed link, people who may not approve, and a
/// person who left the group after the mail went out. They show in the live tier and in the tier's evidence record.
/// </summary>
public sealed class RefusalEvidenceTests
{
    [Fact]
    public async Task ReplayedLink_Is409AndNotCounted_AndEveryRefusalIsInTheTiersEvidenceRecord()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, "5.1.0");
        using (HttpResponseMessage mallory = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(Link(host, DevLinkTokens.Mint(scenario.ReleaseId, 0, "mallory")), "approve")))
        {
            await Refusals.AssertAsync(mallory, HttpStatusCode.Forbidden, "approver", RefusalCodes.NotAMember);
        }

        using (HttpResponseMessage alice = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(Link(host, DevLinkTokens.Mint(scenario.ReleaseId, 0, "alice")), "approve")))
        {
            await Refusals.AssertAsync(alice, HttpStatusCode.Forbidden, "approver", RefusalCodes.SelfApproval);
        }

        using (HttpResponseMessage first = await driver.AnswerAsync(scenario.LinkFor("grace"), "approve", "first use"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (HttpResponseMessage replay = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(scenario.LinkFor("grace"), "approve")))
        {
            // Grace has answered, so the second use is refused before the link's single use is even consulted.
            await Refusals.AssertAsync(replay, HttpStatusCode.Conflict, "approver", RefusalCodes.AlreadyAnswered);
        }

        Assert.Equal(["grace"], await scenario.VotersAsync());
        await scenario.AssertRefusalRecordedAsync("grace", RefusalCodes.AlreadyAnswered);

        JsonElement evidence = await scenario.CloseTierAndReadEvidenceAsync("heidi");

        JsonElement tier = TierOf(evidence);
        Assert.Equal(["grace", "heidi"], tier.GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("person").GetString()));
        PeerReleaseScenario.AssertRefusal(tier, "mallory", RefusalCodes.NotAMember);
        PeerReleaseScenario.AssertRefusal(tier, "alice", RefusalCodes.SelfApproval);
        PeerReleaseScenario.AssertRefusal(tier, "grace", RefusalCodes.AlreadyAnswered);
    }

    [Fact]
    public async Task ReplayedLinkAfterTheTierClosed_Is409TierClosed_AndNotCounted()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, "5.1.1");
        await scenario.CloseTierAndReadEvidenceAsync("grace", "heidi");
        IReadOnlyList<JsonElement> before = await PeerReleaseScenario.SecurityLogAsync(host);

        using HttpResponseMessage replay = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(scenario.LinkFor("grace"), "reject"));

        // The tier's evidence is written already: the late answer is kept in the security log too.
        await PeerReleaseScenario.AssertSecurityLoggedAsync(host, before, RefusalCodes.TierClosed);

        await Refusals.AssertAsync(replay, HttpStatusCode.Conflict, "approver", RefusalCodes.TierClosed);
        JsonElement live = await scenario.TierAsync();
        Assert.Equal(2, live.GetProperty("votes").GetArrayLength());
        Assert.Equal("approved", live.GetProperty("status").GetString(), ignoreCase: true);
        PeerReleaseScenario.AssertRefusal(live, "grace", RefusalCodes.TierClosed);
    }

    [Fact]
    public async Task MemberRemovedFromTheGroupAfterTheMail_ClickIs403NotAMember_AndRecorded()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, "5.2.0");
        string withoutGrace = TestPolicies.SampleWithoutCalendar
            .Replace("version: \"2026.11.1\"", "version: \"2026.11.95\"", StringComparison.Ordinal)
            .Replace("senior-engineers: [grace, heidi, carol]", "senior-engineers: [heidi, carol]", StringComparison.Ordinal);
        Assert.Contains("senior-engineers: [heidi, carol]", withoutGrace, StringComparison.Ordinal);
        await ApprovalEndToEndTests.PublishAsync(host, withoutGrace);

        using HttpResponseMessage response = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(scenario.LinkFor("grace"), "approve"));

        await Refusals.AssertAsync(response, HttpStatusCode.Forbidden, "approver", RefusalCodes.NotAMember);
        await scenario.AssertRefusalRecordedAsync("grace", RefusalCodes.NotAMember);
        Assert.Empty(await scenario.VotersAsync());
    }

    /// <summary>The tier state inside an <c>approval-tier</c> evidence record.</summary>
    internal static JsonElement TierOf(JsonElement record) =>
        record.TryGetProperty("data", out JsonElement data) ? data : record;

    private static Uri Link(InProcessHost host, string token) => new(host.App.BaseAddress, "/api/approvals/" + token);
}

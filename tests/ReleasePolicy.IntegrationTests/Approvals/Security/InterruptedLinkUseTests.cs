using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ReleasePolicy.Approvals;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// Spending a link and counting its vote are two writes. When the host dies between them (found by the random-crash
/// suite) the link is spent and the vote missing; the approver's retry of the same decision must finish that use, not
/// be refused as a second one. A different decision on the spent link is still refused, and the tally counts once.
/// </summary>
public sealed class InterruptedLinkUseTests
{
    [Fact]
    public async Task SpentLinkWithoutItsVote_SameDecisionAgain_IsCountedOnce()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, "5.0.7");
        Uri link = scenario.LinkFor("grace");
        await SpendAsync(host, link, "approve");

        using HttpResponseMessage retried = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));
        using HttpResponseMessage again = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "approve"));

        Assert.True(retried.StatusCode == HttpStatusCode.OK, await retried.Content.ReadAsStringAsync());
        await Refusals.AssertAsync(again, HttpStatusCode.Conflict, "approver", RefusalCodes.AlreadyAnswered);
        Assert.Equal(["grace"], await scenario.VotersAsync());
    }

    [Fact]
    public async Task SpentLinkWithoutItsVote_OtherDecision_IsRefusedAsUsed()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, "5.0.8");
        Uri link = scenario.LinkFor("heidi");
        await SpendAsync(host, link, "approve");

        using HttpResponseMessage switched = await driver.Http.SendAsync(PeerReleaseScenario.JsonAnswer(link, "reject"));

        await Refusals.AssertAsync(switched, HttpStatusCode.Conflict, "token", RefusalCodes.TokenUsed);
        Assert.Empty(await scenario.VotersAsync());
    }

    /// <summary>What the dead host had done: the link's use recorded in the ledger, nothing else.</summary>
    private static async Task SpendAsync(InProcessHost host, Uri link, string decision)
    {
        IServiceProvider services = host.App.App.Services;
        LinkTokenCheck check = services.GetRequiredService<ApprovalLinkTokens>().Check(DevLinkTokens.Of(link), DateTimeOffset.UtcNow);
        Assert.True(check.IsValid, check.Reason);
        TokenUse use = await services.GetRequiredService<ITokenUseLedger>().TryUseAsync(check.Claims!, decision, DateTimeOffset.UtcNow);
        Assert.True(use.Won);
    }
}

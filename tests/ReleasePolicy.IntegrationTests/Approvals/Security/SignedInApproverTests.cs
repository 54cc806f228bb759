using System.Net;
using System.Net.Http.Headers;
using ReleasePolicy.Access;
using ReleasePolicy.Approvals;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// "Azure mode": with App Service authentication trusted, a link works only for the signed-in person it was sent to;
/// anyone else holding the link (a forwarded mail) is refused and recorded, and an anonymous click is asked to sign in.
/// </summary>
public sealed class SignedInApproverTests
{
    [Fact]
    public async Task LinkInAzureMode_AnswersOnlyTheSignedInApprover()
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?> { ["ReleasePolicy:Auth:TrustPlatformPrincipal"] = "true" },
        };
        await using InProcessHost host = await InProcessHost.StartAsync(settings);
        using var driver = new ApprovalDriver(host.App.BaseAddress);
        PeerReleaseScenario scenario = await PeerReleaseScenario.SubmitAsync(host, driver, "6.0.0");
        Uri link = scenario.LinkFor("grace");

        using (HttpResponseMessage anonymousPage = await driver.Http.SendAsync(Page(link, signedIn: null)))
        {
            await Refusals.AssertAsync(anonymousPage, HttpStatusCode.Unauthorized, "approver", RefusalCodes.WrongApprover);
        }

        using (HttpResponseMessage anonymousAnswer = await driver.Http.SendAsync(Answer(link, signedIn: null)))
        {
            await Refusals.AssertAsync(anonymousAnswer, HttpStatusCode.Unauthorized, "approver", RefusalCodes.WrongApprover);
        }

        using (HttpResponseMessage otherPage = await driver.Http.SendAsync(Page(link, signedIn: "heidi")))
        {
            await Refusals.AssertAsync(otherPage, HttpStatusCode.Forbidden, "approver", RefusalCodes.WrongApprover);
        }

        using (HttpResponseMessage otherAnswer = await driver.Http.SendAsync(Answer(link, signedIn: "mallory")))
        {
            await Refusals.AssertAsync(otherAnswer, HttpStatusCode.Forbidden, "approver", RefusalCodes.WrongApprover);
        }

        Assert.Empty(await scenario.VotersAsync());
        await scenario.AssertRefusalRecordedAsync("heidi", RefusalCodes.WrongApprover);
        await scenario.AssertRefusalRecordedAsync("mallory", RefusalCodes.WrongApprover);

        using (HttpResponseMessage page = await driver.Http.SendAsync(Page(link, signedIn: "grace")))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // App Service names a signed-in user by their sign-in address: the directory resolves it to the same person.
        using (HttpResponseMessage answer = await driver.Http.SendAsync(Answer(link, signedIn: "grace@contoso.example")))
        {
            Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        }

        Assert.Equal(["grace"], await scenario.VotersAsync());
    }

    private static HttpRequestMessage Page(Uri link, string? signedIn) => SignedIn(new HttpRequestMessage(HttpMethod.Get, link), signedIn);

    private static HttpRequestMessage Answer(Uri link, string? signedIn) => SignedIn(PeerReleaseScenario.JsonAnswer(link, "approve"), signedIn);

    private static HttpRequestMessage SignedIn(HttpRequestMessage request, string? person)
    {
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (person is not null)
        {
            // What App Service authentication puts in front of the app for a signed-in user (no roles: an approver is a person).
            request.Headers.Add(PlatformPrincipal.HeaderName, PlatformPrincipal.Encode("aad", [("name", person)]));
        }

        return request;
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Notifications;

/// <summary>
/// The local host's defaults: the people directory is the active policy's <c>directory</c> section, read on every
/// call, so the access review follows a newly published policy at once.
/// </summary>
public sealed class PolicyDirectoryAccessReviewTests
{
    [Fact]
    public async Task AccessReview_SamplePolicy_ResolvesNestedGroupsManagersAndCouncil()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();

        JsonElement[] rows = await ReviewRowsAsync(host);

        // ken is in the CAB through cab-alternates; wendy is his manager (escalation); the council approves policy changes.
        Assert.Contains(rows, r => Is(r, "ken", "oversight.cab", "oversight.cab.tiers[0].approvers.groups[0]", "change-advisory-board"));
        Assert.Contains(rows, r => Is(r, "wendy", "oversight.cab", "oversight.cab.tiers[0].sla.escalateTo", "escalation to the manager of ken"));
        Assert.Contains(rows, r => Is(r, "quinn", "approvals.policyChanges", "approvals.policyChanges.tiers[0].approvers.groups[0]", "release-policy-council"));
        Assert.Contains(rows, r => Is(r, "trent", "approvals.emergency", "approvals.emergency.skipPreApprovalFor[0]", "incident-commanders"));
        Assert.Equal("Ken Kowalski", rows.First(r => r.GetProperty("person").GetString() == "ken").GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task AccessReview_AfterPublishingANewDirectory_ListsTheNewMemberAtOnce()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        Assert.DoesNotContain(await ReviewRowsAsync(host), r => r.GetProperty("person").GetString() == "zoe");

        string text = TestPolicies.SampleWithoutCalendar
            .Replace("version: \"2026.11.1\"", "version: \"2026.11.2\"", StringComparison.Ordinal)
            .Replace("cab-alternates: [ken, laura]", "cab-alternates: [ken, laura, zoe]", StringComparison.Ordinal)
            .Replace("    - { id: walter,", "    - { id: zoe, name: Zoe Zimmer, mail: zoe@contoso.example, manager: wendy }\n    - { id: walter,", StringComparison.Ordinal);
        await PolicyChanges.PublishApprovedAsync(host.App.BaseAddress, host.Settings.AdminKey, text);

        JsonElement[] rows = await ReviewRowsAsync(host);

        Assert.Contains(rows, r => Is(r, "zoe", "oversight.cab", "oversight.cab.tiers[0].approvers.groups[0]", "change-advisory-board"));
        Assert.All(rows, r => Assert.Equal("2026.11.2", r.GetProperty("policyVersion").GetString()));
    }

    private static bool Is(JsonElement row, string person, string chain, string clause, string via) =>
        row.GetProperty("person").GetString() == person
        && row.GetProperty("chain").GetString() == chain
        && row.GetProperty("clause").GetString() == clause
        && row.GetProperty("via").GetString() == via;

    private static async Task<JsonElement[]> ReviewRowsAsync(InProcessHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/approvals/access-review");
        using HttpResponseMessage response = await host.Api.Http.SendAsync(request.AsAuditor(host.Settings));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("rows").EnumerateArray().ToArray();
    }
}

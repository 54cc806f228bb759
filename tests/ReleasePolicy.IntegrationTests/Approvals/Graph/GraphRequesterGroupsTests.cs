using System.Text.Json;
using static ReleasePolicy.IntegrationTests.Approvals.Graph.SampleTenant;

namespace ReleasePolicy.IntegrationTests.Approvals.Graph;

/// <summary>
/// The RACI initiator rule with the requester's groups from Graph: the sample names payments-api's initiators as
/// <c>alice</c> (no UPN matches it) and the group <c>payments-release-managers</c>, so only the group can let anyone in.
/// </summary>
public sealed class GraphRequesterGroupsTests
{
    [Fact]
    public async Task InitiatorOnlyThroughAGraphGroup_PassesReadiness_OutsiderIsRejected()
    {
        await using GraphApprovalHost graph = await GraphApprovalHost.StartAsync();

        string member = await graph.SubmitAsync(GraphApprovalHost.PeerPatch(Upn("bob")), "graph-initiator-member");
        string outsider = await graph.SubmitAsync(GraphApprovalHost.PeerPatch(Upn("carol")), "graph-initiator-outsider");

        JsonElement passed = await graph.Api.WaitForAsync(member, r => r.GetProperty("stage").GetString() == "approval");
        JsonElement gate = InitiatorGate(passed);
        Assert.Equal("pass", gate.GetProperty("outcome").GetString(), ignoreCase: true);
        Assert.Contains("through group payments-release-managers", gate.GetProperty("reason").GetString(), StringComparison.Ordinal);

        JsonElement rejected = await graph.Api.WaitForAsync(outsider, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("readiness", rejected.GetProperty("decisions")[0].GetProperty("stage").GetString());
        JsonElement refused = InitiatorGate(rejected);
        Assert.Equal("fail", refused.GetProperty("outcome").GetString(), ignoreCase: true);
        Assert.Contains($"'{Upn("carol")}' is not an initiator", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Both answers came from Graph: each requester's transitive groups were asked for.
        string[] asked = graph.Stub.Requests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ToArray();
        Assert.Contains(asked, p => p.StartsWith($"/v1.0/users/{Upn("bob")}/transitiveMemberOf/", StringComparison.Ordinal));
        Assert.Contains(asked, p => p.StartsWith($"/v1.0/users/{Upn("carol")}/transitiveMemberOf/", StringComparison.Ordinal));
    }

    private static JsonElement InitiatorGate(JsonElement release) =>
        release.GetProperty("decisions")[0].GetProperty("readiness").GetProperty("gates").EnumerateArray()
            .Single(g => g.GetProperty("name").GetString() == "initiator");
}

using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// One host and one peer release waiting for approvers, shared by a test class whose cases only get refused: none of
/// them may ever add a vote, and each checks that.
/// </summary>
public sealed class WaitingPeerRelease : IAsyncLifetime
{
    private InProcessHost? host;
    private ApprovalDriver? driver;

    internal PeerReleaseScenario Scenario { get; private set; } = null!;

    internal InProcessHost Host => this.host!;

    public async Task InitializeAsync()
    {
        this.host = await InProcessHost.StartAsync();
        this.driver = new ApprovalDriver(this.host.App.BaseAddress);
        this.Scenario = await PeerReleaseScenario.SubmitAsync(this.host, this.driver, "5.0.1");
    }

    public async Task DisposeAsync()
    {
        this.driver?.Dispose();
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }
    }
}

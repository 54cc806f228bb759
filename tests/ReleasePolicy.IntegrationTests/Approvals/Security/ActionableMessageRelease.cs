using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.IntegrationTests.Infrastructure.OpenIdStub;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>
/// A host with Outlook Actionable Messages on, trusting a local OpenID stub as Microsoft's token issuer (audience: the
/// host's own base URL), and one peer release waiting for approvers.
/// </summary>
public sealed class ActionableMessageRelease : IAsyncLifetime
{
    private ApprovalDriver? driver;

    internal OpenIdStub Issuer { get; private set; } = null!;

    internal InProcessHost Host { get; private set; } = null!;

    internal PeerReleaseScenario Scenario { get; private set; } = null!;

    /// <summary>The audience Outlook puts in tokens for us: the service's base URL.</summary>
    internal string Audience => this.Host.App.BaseAddress.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        this.Issuer = await OpenIdStub.StartAsync();
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?>
            {
                ["ReleasePolicy:Approvals:ActionableMessages:Enabled"] = "true",
                ["ReleasePolicy:Approvals:ActionableMessages:MetadataAddress"] = this.Issuer.MetadataAddress.AbsoluteUri,
                ["ReleasePolicy:Approvals:ActionableMessages:Issuer"] = OpenIdStub.DefaultIssuer,
                ["ReleasePolicy:Approvals:ActionableMessages:Originator"] = "0b5a2f0e-3c34-4d8e-9a51-6a6e3f1d2c7b",
                // Audience is left to default to the public base URL, which the local host sets to where it listens.
            },
        };
        this.Host = await InProcessHost.StartAsync(settings);
        this.driver = new ApprovalDriver(this.Host.App.BaseAddress);
        this.Scenario = await PeerReleaseScenario.SubmitAsync(this.Host, this.driver, "7.0.0");
    }

    public async Task DisposeAsync()
    {
        this.driver?.Dispose();
        if (this.Host is not null)
        {
            await this.Host.DisposeAsync();
        }

        if (this.Issuer is not null)
        {
            await this.Issuer.DisposeAsync();
        }
    }
}

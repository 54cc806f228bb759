namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>One local host for a whole test class (xUnit class fixture): for many small HTTP cases that write nothing.</summary>
public sealed class SharedHost : IAsyncLifetime
{
    private InProcessHost? host;

    internal InProcessHost Host => this.host ?? throw new InvalidOperationException("The shared host has not started.");

    public async Task InitializeAsync() => this.host = await InProcessHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }
    }
}

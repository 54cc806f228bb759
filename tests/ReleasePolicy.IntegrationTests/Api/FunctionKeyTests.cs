using System.Net;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>Function-level routes need the function key, as in Azure.</summary>
public sealed class FunctionKeyTests : IAsyncLifetime
{
    private InProcessHost host = null!;

    public async Task InitializeAsync() => this.host = await InProcessHost.StartAsync();

    public async Task DisposeAsync() => await this.host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task GetReleases_MissingOrWrongKey_Returns401Problem(string? key)
    {
        using var http = new HttpClient { BaseAddress = this.host.App.BaseAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        using HttpResponseMessage response = await http.GetAsync("/api/releases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetReleases_KeyInCodeQuery_IsAccepted()
    {
        using var http = new HttpClient { BaseAddress = this.host.App.BaseAddress };

        using HttpResponseMessage response = await http.GetAsync($"/api/releases?code={Uri.EscapeDataString(this.host.Settings.FunctionKey)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

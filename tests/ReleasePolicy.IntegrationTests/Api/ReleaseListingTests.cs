using System.Net;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary><c>GET /api/releases</c> over HTTP: newest first across all releases, paged with links, summaries only.</summary>
public sealed class ReleaseListingTests : IAsyncLifetime
{
    private InProcessHost host = null!;

    public async Task InitializeAsync() => this.host = await InProcessHost.StartAsync();

    public async Task DisposeAsync() => await this.host.DisposeAsync();

    [Fact]
    public async Task ListReleases_MoreThanLimit_PagesNewestFirstThroughEveryReleaseOnce()
    {
        string[] services = ["payments-api", "orders-api", "catalog-web"];
        var submitted = new List<string>();
        for (int i = 0; i < 7; i++)
        {
            using HttpResponseMessage response = await this.host.Api.SubmitAsync(
                ReleaseApiClient.PatchRequest(service: services[i % services.Length], version: $"5.0.{i}"), $"list-{i}");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            submitted.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        }

        var listed = new List<string>();
        string? next = "/api/releases?limit=3";
        var pageSizes = new List<int>();
        while (next is not null)
        {
            using HttpResponseMessage response = await this.host.Api.Http.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            JsonElement page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            JsonElement[] items = page.GetProperty("items").EnumerateArray().ToArray();
            pageSizes.Add(items.Length);
            foreach (JsonElement item in items)
            {
                Assert.False(item.TryGetProperty("decisions", out _), "List items are summaries.");
                Assert.Equal($"/api/releases/{item.GetProperty("id").GetString()}", item.GetProperty("statusUrl").GetString());
                listed.Add(item.GetProperty("id").GetString()!);
            }

            next = page.TryGetProperty("nextLink", out JsonElement link) ? link.GetString() : null;
            if (next is null)
            {
                Assert.False(response.Headers.Contains("Link"));
            }
            else
            {
                Assert.Equal($"<{next}>; rel=\"next\"", response.Headers.GetValues("Link").Single());
            }
        }

        Assert.Equal([3, 3, 1], pageSizes);
        Assert.Equal(Enumerable.Reverse(submitted), listed);
    }

    [Fact]
    public async Task ListReleases_FilteredByService_PagesKeepTheFilter()
    {
        var payments = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            string service = i % 2 == 0 ? "payments-api" : "orders-api";
            using HttpResponseMessage response = await this.host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(service: service, version: $"6.0.{i}"), $"filter-{i}");
            string id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            if (service == "payments-api")
            {
                payments.Add(id);
            }
        }

        JsonElement first = JsonDocument.Parse(await this.host.Api.Http.GetStringAsync("/api/releases?service=payments-api&limit=2")).RootElement;
        string next = first.GetProperty("nextLink").GetString()!;
        JsonElement second = JsonDocument.Parse(await this.host.Api.Http.GetStringAsync(next)).RootElement;

        Assert.Contains("service=payments-api", next, StringComparison.Ordinal);
        Assert.Equal(
            Enumerable.Reverse(payments),
            first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetString()));
        Assert.False(second.TryGetProperty("nextLink", out _));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("MDAwMDAwMDAwMDAwMDAwMDAwMC1yZWwteA")]
    public async Task ListReleases_ContinuationTokenNotIssued_Returns400NamingIt(string token)
    {
        using HttpResponseMessage response = await this.host.Api.Http.GetAsync("/api/releases?continuationToken=" + token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("continuationToken", problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>In Azure nothing seeds the sample policy: until the administrator publishes, releases get a clear 409.</summary>
public sealed class FirstPublishTests
{
    [Fact]
    public async Task SubmitRelease_BeforeAnyPolicyIsPublished_Is409ProblemUntilTheAdministratorPublishes()
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            Extra = new Dictionary<string, string?> { ["ReleasePolicy:Policy:SeedSamplePolicy"] = "false" },
        };
        await using InProcessHost host = await InProcessHost.StartAsync(settings);

        using HttpResponseMessage early = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), "first-publish");
        using HttpResponseMessage policy = await host.Api.Http.GetAsync("/api/policy");
        using var publish = new HttpRequestMessage(HttpMethod.Put, "/api/policy") { Content = new StringContent(TestPolicies.SampleWithoutCalendar, Encoding.UTF8, "application/yaml") };
        publish.Headers.Add("x-functions-key", settings.AdminKey);
        using HttpResponseMessage published = await host.Api.Http.SendAsync(publish);
        using HttpResponseMessage later = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), "first-publish");

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PUT /api/policy", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, policy.StatusCode);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        JsonElement listed = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/policy/versions")).RootElement;
        Assert.Equal("policy-admin", listed.GetProperty("items")[0].GetProperty("publishedBy").GetString());
    }
}

using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.EndToEnd;

/// <summary>A pipeline's whole conversation with the service, over HTTP, against the local host on Azurite.</summary>
public sealed class PipelineEndToEndTests
{
    [Fact]
    public async Task SubmitRelease_PollStatusUrl_ReachesDoneWithEveryStageDecided()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();

        using HttpResponseMessage submitted = await host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(), idempotencyKey: "build-1001");

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        JsonElement body = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement;
        string id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/api/releases/{id}", submitted.Headers.Location?.OriginalString);
        Assert.Equal($"/api/releases/{id}", body.GetProperty("statusUrl").GetString());

        // The peers the policy asks (the release is high risk) approve from their mails.
        await host.Api.ApproveAllAsync(id);

        // The index says "done" as the last stage records it; the orchestration completes a moment later.
        JsonElement done = await host.Api.WaitForAsync(id, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        Assert.Equal("done", done.GetProperty("stage").GetString());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(
            ["readiness", "approval", "scheduling", "deployment", "deployment"],
            done.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("stage").GetString()));
    }

    [Fact]
    public async Task SubmitRelease_SameIdempotencyKeyTwice_ReturnsSameReleaseAndRunsOneOrchestration()
    {
        await using InProcessHost host = await InProcessHost.StartAsync();
        object request = ReleaseApiClient.PatchRequest(service: "orders-api");

        using HttpResponseMessage first = await host.Api.SubmitAsync(request, idempotencyKey: "build-2002");
        string id = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await host.Api.ApproveAllAsync(id);
        await host.Api.WaitForDoneAsync(id);
        using HttpResponseMessage second = await host.Api.SubmitAsync(request, idempotencyKey: "build-2002");

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(id, JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        JsonElement list = JsonDocument.Parse(await host.Api.Http.GetStringAsync("/api/releases?service=orders-api")).RootElement;
        Assert.Single(list.GetProperty("items").EnumerateArray());
        int instances = 0;
        await foreach (Microsoft.DurableTask.Client.OrchestrationMetadata instance in
            host.App.App.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>().GetAllInstancesAsync(
                new Microsoft.DurableTask.Client.OrchestrationQuery { InstanceIdPrefix = id }))
        {
            if (instance.InstanceId == id)
            {
                instances++;
            }
        }

        Assert.Equal(1, instances);
    }

    [Fact]
    public async Task HostKilledMidRelease_Restarted_ReleaseStillFinishes()
    {
        // The deployment stage watches for 8 s on a durable timer: long enough to kill the host inside it.
        HostSettings settings = await HostSettings.CreateAsync(bakeTime: TimeSpan.FromSeconds(8));
        string id;
        await using (OutOfProcessHost first = await OutOfProcessHost.StartAsync(settings))
        {
            using HttpResponseMessage submitted = await first.Api.SubmitAsync(ReleaseApiClient.PatchRequest(service: "catalog-web"), idempotencyKey: "build-3003");
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            await first.Api.ApproveAllAsync(id);
            await first.Api.WaitForAsync(id, r => r.GetProperty("stage").GetString() == "deployment");
            await first.KillAsync();
        }

        await using OutOfProcessHost second = await OutOfProcessHost.StartAsync(settings);
        JsonElement done = await second.Api.WaitForDoneAsync(id);

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(5, done.GetProperty("decisions").GetArrayLength());
    }
}

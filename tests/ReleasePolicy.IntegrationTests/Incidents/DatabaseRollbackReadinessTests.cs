using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using ReleasePolicy.Deployment;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Incidents;

/// <summary>Readiness states the release's database rollback strategy, in its decision and in its evidence record.</summary>
public sealed class DatabaseRollbackReadinessTests(IncidentsHost fixture) : IClassFixture<IncidentsHost>
{
    [Theory]
    [InlineData(true, true, false, DatabaseRollbackStrategy.BackwardCompatible)]
    [InlineData(true, false, true, DatabaseRollbackStrategy.DownMigrationTested)]
    [InlineData(false, true, true, DatabaseRollbackStrategy.NoMigration)]
    public async Task Readiness_SchemaMigrationEvidence_StatesTheDatabaseRollbackInDecisionAndRecord(bool present, bool backwardCompatible, bool downMigrationTested, string expected)
    {
        JsonObject evidence = ReleaseApiClient.GoodEvidence(DateTimeOffset.UtcNow);
        evidence["schemaMigration"] = new JsonObject { ["present"] = present, ["backwardCompatible"] = backwardCompatible, ["downMigrationTested"] = downMigrationTested };
        string version = $"3.{(present ? 1 : 0)}{(backwardCompatible ? 1 : 0)}{(downMigrationTested ? 1 : 0)}.0";
        using HttpResponseMessage submitted = await fixture.Host.Api.SubmitAsync(ReleaseApiClient.PatchRequest(service: "orders-api", version: version, evidence: evidence), "db-rollback-" + version);
        string body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
        string id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

        JsonElement release = await fixture.Host.Api.WaitForAsync(id, r => r.GetProperty("decisions").EnumerateArray().Any(d => d.GetProperty("stage").GetString() == "readiness"));

        JsonElement details = release.GetProperty("decisions").EnumerateArray().Single(d => d.GetProperty("stage").GetString() == "readiness").GetProperty("details");
        Assert.Equal(expected, details.GetProperty("databaseRollback").GetString());
        BlobClient record = new BlobServiceClient(fixture.Host.Settings.StorageConnectionString)
            .GetBlobContainerClient(fixture.Host.Settings.PolicyContainer)
            .GetBlobClient(details.GetProperty("evidenceRecord").GetString());
        JsonElement recorded = JsonDocument.Parse((await record.DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(expected, recorded.GetProperty("data").GetProperty("decision").GetProperty("details").GetProperty("databaseRollback").GetString());
    }
}

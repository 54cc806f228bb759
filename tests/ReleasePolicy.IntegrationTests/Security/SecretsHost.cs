using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Access;
using ReleasePolicy.Evidence;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Security;

[CollectionDefinition(Name)]
public sealed class SecretsHostCollection : ICollectionFixture<SecretsHost>
{
    public const string Name = "security: one host with every secret set";
}

/// <summary>
/// One host for the secret and evidence suites: every secret the app reads is set to a distinct recognisable value,
/// every log line is captured down to Trace, and one release has gone all the way (submitted, approved through the
/// dev outbox's links, deployed) so that its evidence is sealed.
/// </summary>
public sealed class SecretsHost : IAsyncLifetime
{
    private readonly string marker = Guid.NewGuid().ToString("N");

    internal InProcessHost Local { get; private set; } = null!;

    internal CapturedLogs Logs { get; } = new();

    /// <summary>An anonymous client: each request carries its own credentials.</summary>
    public HttpClient Http { get; private set; } = null!;

    public string ReleaseId { get; private set; } = string.Empty;

    /// <summary>The approval links the release's approvers followed (single-use: each may be replayed by an attacker).</summary>
    public IReadOnlyList<Uri> UsedLinks { get; private set; } = [];

    /// <summary>A key (no header-only role) that may not signal: an on-call operator.</summary>
    public string OperatorKey => this.Secret("operator-key");

    public string GraphClientSecret => this.Secret("graph-client-secret");

    public string TopicKey => this.Secret("topic-key");

    /// <summary>Base64 of a recognisable 40-byte text, as the setting wants it.</summary>
    public string ApprovalSigningKey => Convert.ToBase64String(Encoding.ASCII.GetBytes(this.Secret("approval-current").PadRight(40, 'c')));

    public string PreviousApprovalSigningKey => Convert.ToBase64String(Encoding.ASCII.GetBytes(this.Secret("approval-previous").PadRight(40, 'p')));

    public string EvidenceSigningKeyPem { get; } = NewEvidenceKey();

    private static readonly Dictionary<string, string?> VerboseLogging = new[]
    {
        "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Http.Result", "Microsoft.DurableTask", "DurableTask", "DurableTask.Core", "DurableTask.AzureStorage",
        "Azure", "System", "ReleasePolicy",
    }.ToDictionary(category => $"Logging:LogLevel:{category}", _ => (string?)"Trace");

    /// <summary>Every configured secret by its setting, for the scans.</summary>
    public IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string>
    {
        ["ReleasePolicy:ApiKeys:pipeline:Secret"] = this.Local.Settings.FunctionKey,
        ["ReleasePolicy:ApiKeys:admin:Secret"] = this.Local.Settings.AdminKey,
        ["ReleasePolicy:ApiKeys:auditor:Secret"] = this.Local.Settings.AuditorKey,
        ["ReleasePolicy:ApiKeys:oncall:Secret"] = this.OperatorKey,
        ["ReleasePolicy:ApprovalSigningKey"] = this.ApprovalSigningKey,
        ["ReleasePolicy:ApprovalSigningKey (bytes)"] = Encoding.ASCII.GetString(Convert.FromBase64String(this.ApprovalSigningKey)),
        ["ReleasePolicy:ApprovalSigningKeyPrevious"] = this.PreviousApprovalSigningKey,
        ["ReleasePolicy:ApprovalSigningKeyPrevious (bytes)"] = Encoding.ASCII.GetString(Convert.FromBase64String(this.PreviousApprovalSigningKey)),
        ["ReleasePolicy:Evidence:SigningKeyPem"] = PemBody(this.EvidenceSigningKeyPem),
        ["ReleasePolicy:Graph:ClientSecret"] = this.GraphClientSecret,
        ["ReleasePolicy:Events:Outbound:TopicKey"] = this.TopicKey,
    };

    public async Task InitializeAsync()
    {
        HostSettings settings = await HostSettings.CreateAsync() with
        {
            FunctionKey = this.Secret("pipeline-key"),
            AdminKey = this.Secret("admin-key"),
            AuditorKey = this.Secret("auditor-key"),
            Extra = new Dictionary<string, string?>
            {
                ["ReleasePolicy:ApiKeys:oncall:Secret"] = this.OperatorKey,
                ["ReleasePolicy:ApiKeys:oncall:Principal"] = "on-call",
                ["ReleasePolicy:ApiKeys:oncall:Kind"] = nameof(CallerKind.Person),
                ["ReleasePolicy:ApiKeys:oncall:Roles:0"] = Roles.Operator,
                ["ReleasePolicy:ApprovalSigningKey"] = this.ApprovalSigningKey,
                ["ReleasePolicy:ApprovalSigningKeyPrevious"] = this.PreviousApprovalSigningKey,
                ["ReleasePolicy:Graph:TenantId"] = "00000000-0000-0000-0000-0000000000aa",
                ["ReleasePolicy:Graph:ClientId"] = "00000000-0000-0000-0000-0000000000bb",
                ["ReleasePolicy:Graph:ClientSecret"] = this.GraphClientSecret,
                ["ReleasePolicy:Events:Outbound:TopicKey"] = this.TopicKey,
            },
        };
        this.Local = await InProcessHost.StartAsync(settings, builder =>
        {
            // A later source than the test settings (which always carry the run's shared evidence key).
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ReleasePolicy:Evidence:SigningKeyPem"] = this.EvidenceSigningKeyPem });
            // The most verbose logging an operator can configure: every category at Trace, the request-echoing ones
            // included (the host pins those to Warning after configuration; this shows the pin holds).
            builder.Configuration.AddInMemoryCollection(VerboseLogging);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(this.Logs);
        });
        this.Http = new HttpClient { BaseAddress = this.Local.App.BaseAddress };

        using HttpResponseMessage submitted = await this.Local.Api.SubmitAsync(ReleaseApiClient.PatchRequest(version: "3.1.4"), "security-release");
        string body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body);
        this.ReleaseId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        await this.Local.Api.ApproveAllAsync(this.ReleaseId);
        await this.Local.Api.WaitForAsync(this.ReleaseId, r => r.GetProperty("runtimeStatus").GetString() == "Completed");
        using var driver = new ApprovalDriver(this.Local.App.BaseAddress);
        this.UsedLinks = (await driver.MailsAsync(this.ReleaseId)).Select(m => m.Link).OfType<Uri>().ToArray();
    }

    public async Task DisposeAsync()
    {
        this.Http.Dispose();
        await this.Local.DisposeAsync();
    }

    /// <summary>The release's evidence blobs as "name@etag", straight from storage.</summary>
    public async Task<IReadOnlyList<string>> EvidenceBlobsAsync()
    {
        BlobContainerClient container = new BlobServiceClient(this.Local.Settings.StorageConnectionString).GetBlobContainerClient(this.Local.Settings.PolicyContainer);
        var blobs = new List<string>();
        await foreach (BlobItem blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, "releases/", CancellationToken.None))
        {
            if (blob.Name.Contains(this.ReleaseId, StringComparison.Ordinal))
            {
                blobs.Add($"{blob.Name}@{blob.Properties.ETag}");
            }
        }

        return blobs.Order(StringComparer.Ordinal).ToArray();
    }

    public HttpRequestMessage AsAuditor(HttpRequestMessage request) => request.WithKey(this.Local.Settings.AuditorKey);

    /// <summary>A recognisable secret: its purpose, this run's marker, and enough randomness that no other text contains it.</summary>
    private string Secret(string purpose) => $"SECRET-{purpose}-{this.marker}";

    private static string NewEvidenceKey()
    {
        using EvidenceSigner signer = EvidenceSigner.Generate();
        return signer.ExportPrivateKeyPem();
    }

    /// <summary>The PEM's base64 body on one line (its header lines are public words).</summary>
    private static string PemBody(string pem) => string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).Select(l => l.Trim()));
}

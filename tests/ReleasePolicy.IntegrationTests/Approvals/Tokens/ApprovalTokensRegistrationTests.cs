using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.Functions;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.LocalHost.Hosting;

namespace ReleasePolicy.IntegrationTests.Approvals.Tokens;

/// <summary>The app's wiring of approval tokens: local defaults work end to end, bad settings stop the host at start.</summary>
public sealed class ApprovalTokensRegistrationTests
{
    [Fact]
    public async Task AddApprovalTokens_LocalDefaults_IssueCheckAndUseALink()
    {
        using IHost host = await StartAsync(new Dictionary<string, string?>(LocalDevelopmentDefaults.Values)
        {
            ["ReleasePolicy:Approvals:TokenTable"] = TestNames.Unique("tokens"),
        });
        ApprovalLinkTokens tokens = host.Services.GetRequiredService<ApprovalLinkTokens>();
        ITokenUseLedger ledger = host.Services.GetRequiredService<ITokenUseLedger>();
        var claims = new ApprovalLinkClaims("rel-0123456789abcdef0123456789abcdef", 0, "alice", DateTimeOffset.UtcNow.AddHours(1), LinkTokenNonce.New());

        LinkTokenCheck check = tokens.Check(tokens.Issue(claims), DateTimeOffset.UtcNow);
        TokenUse use = await ledger.TryUseAsync(check.Claims!, "approve", DateTimeOffset.UtcNow);

        Assert.True(check.IsValid, check.Reason);
        Assert.True(use.Won);
    }

    [Fact]
    public async Task AddApprovalTokens_ActionableMessageAudience_DefaultsToThePublicBaseUrl()
    {
        using IHost host = await StartAsync(new Dictionary<string, string?>(LocalDevelopmentDefaults.Values)
        {
            ["ReleasePolicy:Approvals:PublicBaseUrl"] = "https://releasepolicy.example.com/",
        });

        ActionableMessageOptions options = host.Services.GetRequiredService<IOptions<ActionableMessageOptions>>().Value;

        Assert.Equal("https://releasepolicy.example.com", options.Audience);
        Assert.False(options.Enabled);
        Assert.NotNull(host.Services.GetRequiredService<ActionableMessageTokenValidator>());
    }

    [Theory]
    [InlineData(null, "ReleasePolicy:ApprovalSigningKey is not set")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/releasepolicy-approval-signing-key)", "unresolved Key Vault reference")]
    [InlineData("c2hvcnQ=", "decodes to 5 bytes")]
    public async Task AddApprovalTokens_UnusableSigningKey_StopsTheHostAtStart(string? key, string expected)
    {
        var settings = new Dictionary<string, string?>(LocalDevelopmentDefaults.Values) { ["ReleasePolicy:ApprovalSigningKey"] = key };

        string refused = await StartupFailureAsync(settings);

        Assert.Contains(expected, refused, StringComparison.Ordinal);
        if (key is not null)
        {
            Assert.DoesNotContain(key, refused, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://releasepolicy.example.com")]
    [InlineData("https://releasepolicy.example.com/api")]
    public async Task AddApprovalTokens_UnusablePublicBaseUrl_StopsTheHostAtStart(string? url)
    {
        var settings = new Dictionary<string, string?>(LocalDevelopmentDefaults.Values) { ["ReleasePolicy:Approvals:PublicBaseUrl"] = url };

        string refused = await StartupFailureAsync(settings);

        Assert.Contains("PublicBaseUrl", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddApprovalTokens_ActionableMessagesEnabledWithPlainHttpMetadata_StopsTheHostAtStart()
    {
        var settings = new Dictionary<string, string?>(LocalDevelopmentDefaults.Values)
        {
            ["ReleasePolicy:Approvals:ActionableMessages:Enabled"] = "true",
            ["ReleasePolicy:Approvals:ActionableMessages:MetadataAddress"] = "http://login.example/.well-known/openid-configuration",
        };

        string refused = await StartupFailureAsync(settings);

        Assert.Contains("MetadataAddress must use HTTPS", refused, StringComparison.Ordinal);
    }

    /// <summary>What stopped the host: every options validation failure (the host aggregates them when several fail).</summary>
    private static async Task<string> StartupFailureAsync(IDictionary<string, string?> settings)
    {
        Exception refused = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(settings));
        IEnumerable<Exception> causes = refused is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [refused];
        Assert.All(causes, cause => Assert.IsType<OptionsValidationException>(cause));
        return string.Join(Environment.NewLine, causes.Select(cause => cause.Message));
    }

    private static async Task<IHost> StartAsync(IDictionary<string, string?> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        string storage = await TestStorage.GetConnectionStringAsync();
        builder.Services.AddLogging();
        builder.Services.AddSingleton(new TableServiceClient(storage));
        builder.Services.AddApprovalTokens(builder.Configuration.GetSection(ServiceRegistration.SectionName));
        IHost host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}

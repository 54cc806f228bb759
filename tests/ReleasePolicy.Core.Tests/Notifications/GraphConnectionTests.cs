using Azure.Identity;
using Microsoft.Kiota.Authentication.Azure;
using ReleasePolicy.Notifications.Graph;

namespace ReleasePolicy.Core.Tests.Notifications;

public sealed class GraphConnectionTests
{
    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0", "graph.microsoft.com")]
    [InlineData("https://graph.microsoft.us/v1.0", "graph.microsoft.us")]
    [InlineData("http://127.0.0.1:5123/v1.0", "127.0.0.1")]
    public void CreateAuthentication_AllowsTheConfiguredHost(string baseUrl, string host)
    {
        var provider = (AzureIdentityAuthenticationProvider)GraphConnection.CreateAuthentication(new GraphOptions { BaseUrl = new Uri(baseUrl) });

        Assert.Equal([host], provider.AccessTokenProvider.AllowedHostsValidator.AllowedHosts);
    }

    [Fact]
    public void CreateCredential_AllThreeSettings_ClientCredentials() =>
        Assert.IsType<ClientSecretCredential>(GraphConnection.CreateCredential(new GraphOptions { TenantId = "t", ClientId = "c", ClientSecret = "s" }));

    [Fact]
    public void CreateCredential_NoSecret_ManagedIdentity() =>
        Assert.IsType<ManagedIdentityCredential>(GraphConnection.CreateCredential(new GraphOptions { ClientId = "c" }));

    [Fact]
    public void CreateCredential_SecretWithoutTenant_RefusedWithoutShowingTheSecret()
    {
        var refused = Assert.Throws<GraphNotConfiguredException>(() => GraphConnection.CreateCredential(new GraphOptions { ClientId = "c", ClientSecret = "s3cr3t-value" }));

        Assert.Contains("TenantId", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sender_Missing_FailsAtFirstUseNamingTheSetting()
    {
        using var graph = new GraphConnection(Microsoft.Extensions.Options.Options.Create(new GraphOptions()));

        Assert.Contains("ReleasePolicy:Graph:Sender", Assert.Throws<GraphNotConfiguredException>(() => graph.Sender).Message, StringComparison.Ordinal);
    }
}

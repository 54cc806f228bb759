using ReleasePolicy.Functions.Http;

namespace ReleasePolicy.IntegrationTests.Api;

public sealed class AdminKeyOptionsTests
{
    [Theory]
    [InlineData(null, "anything", false)]
    [InlineData("", "", false)]
    [InlineData("s3cret-admin", "s3cret-admin", true)]
    [InlineData("s3cret-admin", "s3cret-admin ", false)]
    [InlineData("s3cret-admin", null, false)]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin)", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin)", false)]
    public void Accepts_PresentedKey_OnlyTheConfiguredResolvedKey(string? configured, string? presented, bool accepted)
    {
        var options = new AdminKeyOptions { AdminKey = configured };

        Assert.Equal(accepted, options.Accepts(presented));
    }
}

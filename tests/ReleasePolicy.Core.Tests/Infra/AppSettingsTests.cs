namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>The app settings infra/ deploys are exactly what the app reads in Azure: endpoints, keys, auth, evidence.</summary>
public sealed class AppSettingsTests
{
    private const string KeyVaultReference = "secretReference(vault.properties.vaultUri, ";

    [Theory]
    [InlineData("ReleasePolicy__Storage__TableServiceUri")]
    [InlineData("ReleasePolicy__Storage__BlobServiceUri")]
    [InlineData("ReleasePolicyTaskHub")]
    [InlineData("ReleasePolicy__Auth__TrustPlatformPrincipal")]
    [InlineData("ReleasePolicy__Evidence__Container")]
    [InlineData("ReleasePolicy__Policy__Container")]
    [InlineData("ReleasePolicy__Evidence__ImmutabilityMode")]
    [InlineData("ReleasePolicy__Evidence__RetentionDays")]
    [InlineData("ReleasePolicy__Evidence__SigningKeyPem")]
    public void ApiBicep_AppSettings_DefineWhatTheAppReads(string setting)
    {
        Assert.NotNull(InfraText.Setting(InfraText.AppSettings(), setting));
    }

    [Theory]
    [InlineData("pipeline", "'Pipeline'", new[] { "release.submit", "release.signal" })]
    [InlineData("admin", "'Person'", new[] { "policy.publish", "operator" })]
    [InlineData("auditor", "'Person'", new[] { "evidence.read" })]
    public void ApiBicep_ApiKey_HasKindRolesPrincipalAndKeyVaultSecret(string name, string kind, string[] roles)
    {
        string settings = InfraText.AppSettings();
        string prefix = $"ReleasePolicy__ApiKeys__{name}__";

        Assert.StartsWith(KeyVaultReference, InfraText.Setting(settings, prefix + "Secret"), StringComparison.Ordinal);
        Assert.Equal(kind, InfraText.Setting(settings, prefix + "Kind"));
        Assert.False(string.IsNullOrWhiteSpace(InfraText.Setting(settings, prefix + "Principal")), $"{name} has no principal.");
        for (int i = 0; i < roles.Length; i++)
        {
            Assert.Equal($"'{roles[i]}'", InfraText.Setting(settings, $"{prefix}Roles__{i}"));
        }

        Assert.Null(InfraText.Setting(settings, $"{prefix}Roles__{roles.Length}"));
    }

    [Fact]
    public void ApiBicep_EvidenceSigningKey_IsKeyVaultReference()
    {
        string? pem = InfraText.Setting(InfraText.AppSettings(), "ReleasePolicy__Evidence__SigningKeyPem");

        Assert.StartsWith(KeyVaultReference, pem, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiBicep_SecretReference_IsVersionlessKeyVaultReferenceSyntax()
    {
        string api = InfraText.Read("infra", "app", "api.bicep");

        Assert.Contains("'@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName})'", api, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ReleasePolicy__AdminKey")]
    [InlineData("ReleasePolicy__FunctionKey")]
    [InlineData("ReleasePolicy__Policy__SeedSamplePolicy")]
    [InlineData("ReleasePolicy__Policy__SeedPolicyFile")]
    [InlineData("ReleasePolicy__Evidence__LegalHold")]
    [InlineData("ReleasePolicy__Evidence__BlobServiceUri")]
    public void Templates_RetiredOrLocalOnlySetting_IsNotDeployed(string setting)
    {
        string[] files = Directory.GetFiles(Path.Combine(InfraText.RepoRoot, "infra"), "*.bicep", SearchOption.AllDirectories);

        // Comments may name a setting to say why it is absent; declarations may not.
        Assert.All(files, file => Assert.DoesNotContain(setting, WithoutComments(File.ReadAllText(file)), StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutComments_LineComment_IsRemovedButUrlsStay()
    {
        Assert.Equal("a: 'https://x' \nb: 1 ", WithoutComments("a: 'https://x' // ReleasePolicy__AdminKey\nb: 1 // c"));
    }

    [Fact]
    public void ApiBicep_TrustPlatformPrincipal_FollowsTheSameSwitchAsAppServiceAuthentication()
    {
        string api = InfraText.Read("infra", "app", "api.bicep");
        string authSettings = InfraText.Resource(api, "authSettings");

        Assert.Equal("!empty(authClientId)", InfraText.Variable(api, "authenticationEnabled"));
        Assert.Contains("'Microsoft.Web/sites/config@", authSettings, StringComparison.Ordinal);
        Assert.Matches(@"= if \(authenticationEnabled\) \{", authSettings.Split('\n')[0]);
        Assert.Matches(@"(?m)^\s*name: 'authsettingsV2'$", authSettings);
        Assert.Equal(
            "authenticationEnabled ? 'true' : 'false'",
            InfraText.Setting(InfraText.AppSettings(), "ReleasePolicy__Auth__TrustPlatformPrincipal"));
    }

    [Fact]
    public void ApiBicep_AdditionalAppSettings_CannotOverrideTheDefaults()
    {
        string appSettings = InfraText.Resource(InfraText.Read("infra", "app", "api.bicep"), "appSettings");

        Assert.Matches(@"(?m)^\s*properties: union\(additionalAppSettings, baseAppSettings\)$", appSettings);
    }

    [Fact]
    public void ApiBicep_AppServiceAuthentication_LetsKeyCallersThroughToTheAppsDoor()
    {
        string authSettings = InfraText.Resource(InfraText.Read("infra", "app", "api.bicep"), "authSettings");

        Assert.Matches(@"(?m)^\s*unauthenticatedClientAction: 'AllowAnonymous'$", authSettings);
        Assert.Matches(@"(?m)^\s*requireAuthentication: false$", authSettings);
        Assert.Matches(@"(?m)^\s*clientId: authClientId$", authSettings);
    }

    [Fact]
    public void MainBicep_AuthClientId_DefaultsToEmptySoAuthenticationIsOptional()
    {
        string main = InfraText.Read("infra", "main.bicep");

        Assert.Matches(@"(?m)^param authClientId string = ''$", main);
        Assert.Matches(@"(?m)^\s*authClientId: authClientId$", main);
    }

    /// <summary>Bicep text without <c>//</c> line comments (a <c>//</c> inside a URL is not preceded by a blank).</summary>
    private static string WithoutComments(string bicep) =>
        System.Text.RegularExpressions.Regex.Replace(bicep, @"(?m)(^|\s)//.*$", "$1");
}

using System.Reflection;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.Core.Tests.Infra;

namespace ReleasePolicy.Core.Tests.Approvals.Tokens;

/// <summary>infra/ deploys the approval token settings the app reads, under the names its options bind.</summary>
public sealed class ApprovalTokenInfraTests
{
    [Fact]
    public void ApiBicep_ApprovalSigningKey_IsAKeyVaultReference()
    {
        Assert.StartsWith(
            "secretReference(vault.properties.vaultUri, approvalSigningKeySecretName)",
            InfraText.Setting(InfraText.AppSettings(), "ReleasePolicy__ApprovalSigningKey"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void ApiBicep_PublicBaseUrl_DefaultsToTheAppsHttpsHostName()
    {
        string api = InfraText.Read("infra", "app", "api.bicep");

        Assert.Equal("effectivePublicBaseUrl", InfraText.Setting(InfraText.AppSettings(), "ReleasePolicy__Approvals__PublicBaseUrl"));
        Assert.Equal("empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl", InfraText.Variable(api, "effectivePublicBaseUrl"));
    }

    [Fact]
    public void ApiBicep_ActionableMessages_AreOnExactlyWhenAnOriginatorIsRegistered()
    {
        Assert.Equal(
            "empty(actionableMessagesOriginator) ? 'false' : 'true'",
            InfraText.Setting(InfraText.AppSettings(), "ReleasePolicy__Approvals__ActionableMessages__Enabled"));
    }

    [Theory]
    [InlineData("ReleasePolicy__ApprovalSigningKey", typeof(ApprovalSigningOptions), "ApprovalSigningKey")]
    [InlineData("ReleasePolicy__Approvals__PublicBaseUrl", typeof(ApprovalTokenOptions), "PublicBaseUrl")]
    [InlineData("ReleasePolicy__Approvals__ActionableMessages__Enabled", typeof(ActionableMessageOptions), "Enabled")]
    [InlineData("ReleasePolicy__Approvals__ActionableMessages__Originator", typeof(ActionableMessageOptions), "Originator")]
    [InlineData("ReleasePolicy__Approvals__ActionableMessages__MetadataAddress", typeof(ActionableMessageOptions), "MetadataAddress")]
    [InlineData("ReleasePolicy__Approvals__ActionableMessages__Issuer", typeof(ActionableMessageOptions), "Issuer")]
    public void ApiBicep_ApprovalSetting_BindsToAnOptionsProperty(string setting, Type options, string property)
    {
        Assert.NotNull(InfraText.Setting(InfraText.AppSettings(), setting));
        Assert.EndsWith("__" + property, setting, StringComparison.Ordinal);
        Assert.NotNull(options.GetProperty(property, BindingFlags.Public | BindingFlags.Instance));
    }

    [Fact]
    public void ApiBicep_DefaultActionableMessageIssuer_MatchesTheAppsDefault()
    {
        string api = InfraText.Read("infra", "app", "api.bicep");
        var defaults = new ActionableMessageOptions();

        Assert.Contains($"param actionableMessagesIssuer string = '{defaults.Issuer}'", api, StringComparison.Ordinal);
        Assert.Contains($"param actionableMessagesMetadataAddress string = '{defaults.MetadataAddress.AbsoluteUri}'", api, StringComparison.Ordinal);
    }
}

using System.Text.RegularExpressions;

namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>
/// infra/hooks/postprovision.sh creates every secret the app settings reference, and main.bicep tells it their names:
/// a secret nobody creates leaves a Key Vault reference unresolved, and the app refuses it as a key.
/// </summary>
public sealed class PostprovisionHookTests
{
    private static readonly string Hook = InfraText.Read("infra", "hooks", "postprovision.sh");

    public static TheoryData<string> SecretNameOutputs()
    {
        var outputs = new TheoryData<string>();
        foreach (Match match in Regex.Matches(InfraText.Read("infra", "main.bicep"), @"(?m)^output (RELEASEPOLICY_\w+_SECRET_NAME) string"))
        {
            outputs.Add(match.Groups[1].Value);
        }

        return outputs;
    }

    [Fact]
    public void MainBicep_SecretNameOutputs_CoverEveryKeyVaultReference()
    {
        string api = InfraText.Read("infra", "app", "api.bicep");
        int references = Regex.Matches(api, @"secretReference\(vault\.properties\.vaultUri, (\w+)\)").Count;
        int outputs = Regex.Matches(api, @"(?m)^output \w+SecretName string = \w+SecretName$").Count;

        Assert.Equal(5, references);
        Assert.Equal(references, outputs);
        Assert.Equal(references, SecretNameOutputs().Count);
    }

    [Theory]
    [MemberData(nameof(SecretNameOutputs))]
    public void Hook_EverySecretNameOutput_IsGeneratedWhenMissing(string output)
    {
        Assert.Matches($@"(?m)^(random_key|signing_key) ""\$\{{{output}:\?", Hook);
    }

    [Fact]
    public void Hook_EvidenceSigningKey_IsPkcs8EcP256()
    {
        Assert.Matches(@"(?m)^signing_key ""\$\{RELEASEPOLICY_EVIDENCE_SIGNING_KEY_SECRET_NAME:\?", Hook);
        Assert.Contains("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256", Hook, StringComparison.Ordinal);
    }

    [Fact]
    public void Hook_SecretValues_NeverTravelOnTheCommandLine()
    {
        Assert.DoesNotContain("secret set --vault-name \"$vault\" --name \"$1\" --value", Hook, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"--value\b", Hook);
        Assert.Contains("--file \"$2\"", Hook, StringComparison.Ordinal);
    }

    [Fact]
    public void Hook_ExistingSecret_IsNeverOverwritten()
    {
        Assert.Equal(2, Regex.Matches(Hook, @"if has_secret ""\$name""; then\n\s*echo ""Key Vault secret \$name exists; left as it is\.""\n\s*return").Count);
    }
}

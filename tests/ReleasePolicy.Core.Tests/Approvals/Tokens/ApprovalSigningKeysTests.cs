using ReleasePolicy.Approvals.Tokens;

namespace ReleasePolicy.Core.Tests.Approvals.Tokens;

public sealed class ApprovalSigningKeysTests
{
    private static readonly string Key32 = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    [Fact]
    public void FromOptions_Base64Of32Bytes_SignsAndChecks()
    {
        ApprovalSigningKeys keys = ApprovalSigningKeys.FromOptions(new ApprovalSigningOptions { ApprovalSigningKey = Key32 });
        var tokens = new ApprovalLinkTokens(keys);
        ApprovalLinkClaims claims = LinkTokenTestKeys.Claims();

        Assert.True(tokens.Check(tokens.Issue(claims), LinkTokenTestKeys.Now).IsValid);
    }

    [Fact]
    public void FromOptions_HexOf32Bytes_IsAcceptedAsBase64()
    {
        // Older deployments generated the secret with `openssl rand -hex 32`: 64 hex digits are valid base64 of 48 bytes.
        string hex = Convert.ToHexStringLower(new byte[32].Select((_, i) => (byte)(255 - i)).ToArray());

        Assert.Null(ApprovalSigningKeys.Problems(new ApprovalSigningOptions { ApprovalSigningKey = hex }));
    }

    [Theory]
    [InlineData(null, "is not set")]
    [InlineData("", "is not set")]
    [InlineData("  ", "is not set")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/releasepolicy-approval-signing-key)", "unresolved Key Vault reference")]
    [InlineData("not base64 at all!", "is not base64")]
    [InlineData("c2hvcnQtc2VjcmV0LW9mLTMxLWJ5dGVzLi4uLi4uLg==", "decodes to 31 bytes")]
    public void Problems_UnusableCurrentKey_NamesTheSettingAndWhy(string? value, string why)
    {
        string? problem = ApprovalSigningKeys.Problems(new ApprovalSigningOptions { ApprovalSigningKey = value });

        Assert.NotNull(problem);
        Assert.Contains(ApprovalSigningKeys.CurrentSetting, problem, StringComparison.Ordinal);
        Assert.Contains(why, problem, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => ApprovalSigningKeys.FromOptions(new ApprovalSigningOptions { ApprovalSigningKey = value }));
    }

    [Fact]
    public void Problems_ShortPreviousKey_IsRefusedToo()
    {
        string? problem = ApprovalSigningKeys.Problems(new ApprovalSigningOptions { ApprovalSigningKey = Key32, ApprovalSigningKeyPrevious = "c2hvcnQ=" });

        Assert.NotNull(problem);
        Assert.Contains(ApprovalSigningKeys.PreviousSetting, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_NeverContainTheValue()
    {
        const string Secret = "c2hvcnQtc2VjcmV0LW9mLTMxLWJ5dGVzLi4uLi4uLg==";

        string? problem = ApprovalSigningKeys.Problems(new ApprovalSigningOptions { ApprovalSigningKey = Secret, ApprovalSigningKeyPrevious = Secret });

        Assert.NotNull(problem);
        Assert.DoesNotContain(Secret, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ApprovalSigningKeys.FromOptions(new ApprovalSigningOptions { ApprovalSigningKey = Key32 }).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_ShortKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => ApprovalSigningKeys.FromBytes(new byte[31]));
    }
}

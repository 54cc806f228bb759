using ReleasePolicy.Approvals.Tokens;

namespace ReleasePolicy.Core.Tests.Approvals.Tokens;

public sealed class LinkTokenNonceTests
{
    [Fact]
    public void New_Is128BitsOfBase64UrlWithoutPadding()
    {
        string nonce = LinkTokenNonce.New();

        Assert.Matches("^[A-Za-z0-9_-]{22}$", nonce);
        Assert.True(LinkTokenNonce.IsWellFormed(nonce));
    }

    [Fact]
    public void New_ThousandCalls_AllDistinct()
    {
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => LinkTokenNonce.New()).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw=")]
    [InlineData("AAECAwQFBgcICQoLDA0OD")]
    [InlineData("AAECAwQFBgcICQoLDA0ODx")]
    [InlineData("AAECAwQFBgcICQoLDA0OD+")]
    [InlineData("AAECAwQFBgcICQoLDA0OD/")]
    public void IsWellFormed_OtherShapes_False(string? nonce)
    {
        Assert.False(LinkTokenNonce.IsWellFormed(nonce));
    }
}

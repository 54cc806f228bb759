using System.Buffers.Text;
using CsCheck;
using ReleasePolicy.Approvals.Tokens;
using static ReleasePolicy.Core.Tests.Approvals.Tokens.LinkTokenTestKeys;

namespace ReleasePolicy.Core.Tests.Approvals.Tokens;

public sealed class ApprovalLinkTokensTests
{
    private static readonly ApprovalLinkTokens Signer = NewTokens();

    [Fact]
    public void Issue_ThenCheck_ReturnsTheSameClaims()
    {
        ApprovalLinkClaims claims = Claims();

        LinkTokenCheck check = Signer.Check(Signer.Issue(claims), Now);

        Assert.True(check.IsValid, check.Reason);
        Assert.Equal(claims, check.Claims);
        Assert.Null(check.Failure);
    }

    [Fact]
    public void Issue_PolicyApprovalWithUpnApprover_RoundTrips()
    {
        ApprovalLinkClaims claims = Claims(approver: "Grace.Hopper@contoso.example", tier: 0, approvalId: "policy-2026.12.1");

        LinkTokenCheck check = Signer.Check(Signer.Issue(claims), Now);

        Assert.Equal(claims, check.Claims);
    }

    [Fact]
    public void Issue_Token_IsOnePathSegmentOfBase64UrlWithoutPadding()
    {
        string token = Signer.Issue(Claims(approver: "ünïcödé/with?odd#chars & spaces"));

        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$", token);
        Assert.True(token.Length <= ApprovalLinkTokens.MaxTokenLength);
    }

    [Fact]
    public void Issue_SameClaimsOtherNonce_GivesAnotherToken()
    {
        ApprovalLinkClaims claims = Claims();

        Assert.NotEqual(Signer.Issue(claims), Signer.Issue(claims with { Nonce = LinkTokenNonce.New() }));
    }

    [Fact]
    public void Issue_SubSecondExpiry_IsKeptToTheSecond()
    {
        ApprovalLinkClaims claims = Claims() with { ExpiresAt = Now.AddHours(1).AddMilliseconds(900) };

        LinkTokenCheck check = Signer.Check(Signer.Issue(claims), Now);

        Assert.Equal(Now.AddHours(1), check.Claims!.ExpiresAt);
    }

    [Theory]
    [InlineData("not-a-release", 0, "alice")]
    [InlineData("rel-0123456789ABCDEF0123456789ABCDEF", 0, "alice")]
    [InlineData("policy-", 0, "alice")]
    [InlineData("policy-1.0/..", 0, "alice")]
    [InlineData(ReleaseId, -1, "alice")]
    [InlineData(ReleaseId, 100, "alice")]
    [InlineData(ReleaseId, 0, "")]
    [InlineData(ReleaseId, 0, "   ")]
    [InlineData(ReleaseId, 0, "ali\u202Ece")]
    [InlineData(ReleaseId, 0, "alice\n")]
    public void Issue_InvalidClaims_Throws(string approvalId, int tier, string approver)
    {
        Assert.Throws<ArgumentException>(() => Signer.Issue(Claims(approver, tier, approvalId)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")]
    [InlineData("AAECAwQFBgcICQoLDA0ODx")]
    public void Issue_BadNonce_Throws(string nonce)
    {
        Assert.Throws<ArgumentException>(() => Signer.Issue(Claims() with { Nonce = nonce }));
    }

    [Fact]
    public void Issue_ApproverTooLongForAToken_Throws()
    {
        Assert.Throws<ArgumentException>(() => Signer.Issue(Claims(approver: new string('a', 257))));
    }

    [Fact]
    public void Check_MacChanged_IsBadSignature()
    {
        string token = Signer.Issue(Claims());
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        byte[] mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        mac[^1] ^= 0x80;

        LinkTokenCheck check = Signer.Check(token[..(dot + 1)] + Base64Url.EncodeToString(mac), Now);

        Assert.Equal(LinkTokenFailure.BadSignature, check.Failure);
        Assert.Null(check.Claims);
    }

    [Fact]
    public void Check_AnySinglePayloadByteChanged_IsBadSignature()
    {
        string token = Signer.Issue(Claims());
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        byte[] payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));

        for (int i = 0; i < payload.Length; i++)
        {
            foreach (byte flip in new byte[] { 0x01, 0x20, 0x80 })
            {
                byte[] changed = (byte[])payload.Clone();
                changed[i] ^= flip;
                string forged = Base64Url.EncodeToString(changed) + token[dot..];

                Assert.Equal(LinkTokenFailure.BadSignature, Signer.Check(forged, Now).Failure);
            }
        }
    }

    [Fact]
    public void Check_PayloadOfAnotherTokenWithThisMac_IsBadSignature()
    {
        string mine = Signer.Issue(Claims(approver: "alice"));
        string theirs = Signer.Issue(Claims(approver: "mallory"));

        string spliced = theirs[..theirs.IndexOf('.', StringComparison.Ordinal)] + mine[mine.IndexOf('.', StringComparison.Ordinal)..];

        Assert.Equal(LinkTokenFailure.BadSignature, Signer.Check(spliced, Now).Failure);
    }

    [Fact]
    public void Check_SignedWithAnotherKey_IsBadSignature()
    {
        string token = NewTokens(Other).Issue(Claims());

        Assert.Equal(LinkTokenFailure.BadSignature, Signer.Check(token, Now).Failure);
    }

    [Fact]
    public void Check_SignedWithThePreviousKey_IsAcceptedAfterRotation()
    {
        string beforeRotation = NewTokens(Previous).Issue(Claims());
        ApprovalLinkTokens rotated = NewTokens(Current, Previous);

        LinkTokenCheck check = rotated.Check(beforeRotation, Now);

        Assert.True(check.IsValid, check.Reason);
    }

    [Fact]
    public void Issue_AfterRotation_SignsWithTheCurrentKeyOnly()
    {
        string token = NewTokens(Current, Previous).Issue(Claims());

        Assert.True(NewTokens(Current).Check(token, Now).IsValid);
        Assert.Equal(LinkTokenFailure.BadSignature, NewTokens(Previous).Check(token, Now).Failure);
    }

    [Fact]
    public void Check_TheSecondOfExpiryAndAfter_IsExpired_TheSecondBeforeIsValid()
    {
        ApprovalLinkClaims claims = Claims();
        string token = Signer.Issue(claims);

        Assert.True(Signer.Check(token, claims.ExpiresAt.AddSeconds(-1)).IsValid);
        Assert.Equal(LinkTokenFailure.Expired, Signer.Check(token, claims.ExpiresAt).Failure);
        Assert.Equal(LinkTokenFailure.Expired, Signer.Check(token, claims.ExpiresAt.AddDays(30)).Failure);
    }

    [Fact]
    public void Check_ExpiredAndForged_IsBadSignatureFirst()
    {
        string token = NewTokens(Other).Issue(Claims());

        Assert.Equal(LinkTokenFailure.BadSignature, Signer.Check(token, Now.AddYears(1)).Failure);
    }

    [Fact]
    public void Check_EveryTruncation_IsRefusedWithoutThrowing()
    {
        string token = Signer.Issue(Claims());

        for (int length = 0; length < token.Length; length++)
        {
            LinkTokenCheck check = Signer.Check(token[..length], Now);

            Assert.False(check.IsValid);
            Assert.True(check.Failure is LinkTokenFailure.Malformed or LinkTokenFailure.BadSignature, $"{length}: {check.Failure}");
        }
    }

    [Fact]
    public void Check_LongerThanTheLimit_IsTooLong()
    {
        LinkTokenCheck check = Signer.Check(new string('A', ApprovalLinkTokens.MaxTokenLength + 1), Now);

        Assert.Equal(LinkTokenFailure.TooLong, check.Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.")]
    [InlineData(".abc")]
    [InlineData("a.b.c")]
    [InlineData("YWJj..YWJj")]
    [InlineData("YWJj.YWJj")]
    [InlineData("eyJ2IjoxfQ==.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJ2Ijox fQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJ2Ijox+Q.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%7B%7D.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Check_Garbage_IsMalformed(string? token)
    {
        LinkTokenCheck check = Signer.Check(token, Now);

        Assert.Equal(LinkTokenFailure.Malformed, check.Failure);
        Assert.False(string.IsNullOrWhiteSpace(check.Reason));
    }

    [Fact]
    public void Check_NonCanonicalBase64UrlOfAValidToken_IsMalformed()
    {
        string token = Signer.Issue(Claims());
        int dot = token.IndexOf('.', StringComparison.Ordinal);
        // The MAC is 32 bytes = 43 characters; the last one carries 2 unused bits. Setting one spells the same bytes otherwise.
        char last = token[^1];
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = Alphabet[Alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];

        LinkTokenCheck check = Signer.Check(token[..^1] + sibling, Now);

        Assert.Equal(LinkTokenFailure.Malformed, check.Failure);
        Assert.True(dot > 0);
    }

    [Fact]
    public void Check_Refusal_NeverEchoesTheToken()
    {
        string token = NewTokens(Other).Issue(Claims(approver: "echo-me"));

        LinkTokenCheck check = Signer.Check(token, Now);

        Assert.DoesNotContain(token[..10], check.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("echo-me", check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"v":2,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":0}""")]
    public void Check_SignedButUnknownVersion_IsUnsupportedVersion(string json)
    {
        Assert.Equal(LinkTokenFailure.UnsupportedVersion, Signer.Check(SignRaw(json), Now).Failure);
    }

    [Theory]
    [InlineData("""{"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","e":1800000000}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","p":"mallory","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw","x":1}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":"0","p":"alice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0.5,"p":"alice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":null,"e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","e":99999999999999,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"../../etc","t":0,"p":"alice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"al\u0000ice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","e":1800000000,"n":"a/b"}""")]
    [InlineData("""{"v":1,"a":"rel-0123456789abcdef0123456789abcdef","t":0,"p":"alice","e":1800000000,"n":"AAECAwQFBgcICQoLDA0ODw"} {}""")]
    [InlineData("""[1]""")]
    [InlineData("""not json""")]
    public void Check_SignedButInvalidPayload_IsInvalidClaims(string json)
    {
        LinkTokenCheck check = Signer.Check(SignRaw(json), Now);

        Assert.Equal(LinkTokenFailure.InvalidClaims, check.Failure);
        Assert.Null(check.Claims);
    }

    [Fact]
    public void Check_SignedExpiredAndInvalidClaims_IsExpiredFirst()
    {
        string token = SignRaw("""{"v":1,"a":"../../etc","t":0,"p":"alice","e":1000,"n":"AAECAwQFBgcICQoLDA0ODw"}""");

        Assert.Equal(LinkTokenFailure.Expired, Signer.Check(token, Now).Failure);
    }

    [Fact]
    public void Check_RandomText_NeverThrowsAndIsNeverValid()
    {
        Gen<string> base64ish = Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ %"], 0, 200];
        Gen.OneOf(Gen.String, base64ish, Gen.String[Gen.Char, 900, 1100]).Sample(text =>
        {
            LinkTokenCheck check = Signer.Check(text, Now);

            Assert.False(check.IsValid);
            Assert.NotNull(check.Failure);
            Assert.False(string.IsNullOrWhiteSpace(check.Reason));
        }, iter: 5000);
    }

    [Fact]
    public void Check_AnyOneCharacterChangedInAValidToken_IsNeverValid()
    {
        string token = Signer.Issue(Claims());
        Gen.Select(Gen.Int[0, token.Length - 1], Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=!"]).Sample((position, replacement) =>
        {
            string changed = string.Concat(token.AsSpan(0, position), replacement.ToString(), token.AsSpan(position + 1));

            LinkTokenCheck check = Signer.Check(changed, Now);

            Assert.Equal(changed == token, check.IsValid);
        }, iter: 5000);
    }

    [Fact]
    public void Check_RandomValidClaims_RoundTrip()
    {
        Gen<ApprovalLinkClaims> claims =
            from hex in Gen.String[Gen.Char["0123456789abcdef"], 32, 32]
            from tier in Gen.Int[0, ApprovalLinkClaimRulesMaxTier]
            from approver in Gen.String[Gen.Char.AlphaNumeric, 1, 256]
            from seconds in Gen.Long[1, 365L * 24 * 3600]
            select new ApprovalLinkClaims("rel-" + hex, tier, approver, Now.AddSeconds(seconds), LinkTokenNonce.New());

        claims.Sample(c => Assert.Equal(c, Signer.Check(Signer.Issue(c), Now).Claims), iter: 500);
    }

    private const int ApprovalLinkClaimRulesMaxTier = 99;
}

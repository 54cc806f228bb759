using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.IntegrationTests.Infrastructure.OpenIdStub;

namespace ReleasePolicy.IntegrationTests.Approvals.Tokens;

/// <summary>Actionable Message bearer tokens against a local OpenID metadata/JWKS stub, through the real IdentityModel stack.</summary>
public sealed class ActionableMessageTokenValidatorTests : IAsyncLifetime
{
    private OpenIdStub stub = null!;

    public async Task InitializeAsync() => this.stub = await OpenIdStub.StartAsync();

    public async Task DisposeAsync() => await this.stub.DisposeAsync();

    [Fact]
    public async Task ValidateAsync_TokenFromTheIssuerForUs_ReturnsTheActor()
    {
        ActionableMessageTokenValidator validator = this.Validator();

        ActionableMessageValidation result = await validator.ValidateAsync(this.stub.MintToken("grace@contoso.example"));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(new ActionableMessageActor("grace@contoso.example", "releasepolicy@contoso.example", "72f988bf-86f1-41af-91ab-2d7cd011db47"), result.Actor);
    }

    [Fact]
    public async Task ValidateAsync_AudienceWithFinalSlash_IsOurs()
    {
        ActionableMessageValidation result = await this.Validator().ValidateAsync(this.stub.MintToken("grace@contoso.example", audience: OpenIdStub.DefaultAudience + "/"));

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_WrongAudience_IsRefused()
    {
        await this.AssertRefusedAsync(this.stub.MintToken("grace@contoso.example", audience: "https://evil.example"), ActionableMessageFailure.WrongAudience);
    }

    [Fact]
    public async Task ValidateAsync_AudienceOfOurHostOnAnotherPath_IsRefused()
    {
        await this.AssertRefusedAsync(this.stub.MintToken("grace@contoso.example", audience: OpenIdStub.DefaultAudience + "/other"), ActionableMessageFailure.WrongAudience);
    }

    [Fact]
    public async Task ValidateAsync_WrongIssuer_IsRefused()
    {
        await this.AssertRefusedAsync(this.stub.MintToken("grace@contoso.example", issuer: "https://login.example/evil/"), ActionableMessageFailure.WrongIssuer);
    }

    [Fact]
    public async Task ValidateAsync_SignedWithAnotherKey_IsBadSignature()
    {
        await this.AssertRefusedAsync(this.stub.MintToken("grace@contoso.example", signWithOtherKey: true), ActionableMessageFailure.BadSignature);
    }

    [Fact]
    public async Task ValidateAsync_PayloadChangedAfterSigning_IsBadSignature()
    {
        string token = this.stub.MintToken("grace@contoso.example");
        string[] parts = token.Split('.');
        string payload = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]));
        string forged = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.Replace("grace@", "mallory@", StringComparison.Ordinal)) + "." + parts[2];

        await this.AssertRefusedAsync(forged, ActionableMessageFailure.BadSignature);
    }

    [Fact]
    public async Task ValidateAsync_UnsignedToken_IsRefused()
    {
        string header = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        string payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            $$"""{"iss":"{{OpenIdStub.DefaultIssuer}}","aud":"{{OpenIdStub.DefaultAudience}}","sub":"mallory@contoso.example","appid":"{{ActionableMessageOptions.ActionableMessagesAppId}}","exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}}}""");

        ActionableMessageValidation result = await this.Validator().ValidateAsync(header + "." + payload + ".");

        Assert.False(result.IsValid);
        Assert.True(result.Failure is ActionableMessageFailure.BadSignature or ActionableMessageFailure.Malformed, result.Failure.ToString());
    }

    [Fact]
    public async Task ValidateAsync_Expired_IsRefused()
    {
        // Beyond the 5 minutes of clock skew.
        await this.AssertRefusedAsync(this.stub.MintToken("grace@contoso.example", lifetime: TimeSpan.FromMinutes(-6)), ActionableMessageFailure.Expired);
    }

    [Fact]
    public async Task ValidateAsync_ExpiredWithinTheClockSkew_IsAccepted()
    {
        ActionableMessageValidation result = await this.Validator().ValidateAsync(this.stub.MintToken("grace@contoso.example", lifetime: TimeSpan.FromMinutes(-4)));

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public async Task ValidateAsync_TimeMovesPastExpiry_IsRefused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string token = this.stub.MintToken("grace@contoso.example", lifetime: TimeSpan.FromMinutes(10), now: time.GetUtcNow());
        ActionableMessageTokenValidator validator = this.Validator(time: time);
        Assert.True((await validator.ValidateAsync(token)).IsValid);

        time.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(ActionableMessageFailure.Expired, (await validator.ValidateAsync(token)).Failure);
    }

    [Fact]
    public async Task ValidateAsync_NotYetValid_IsRefused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string token = this.stub.MintToken("grace@contoso.example", now: time.GetUtcNow().AddMinutes(30));

        Assert.Equal(ActionableMessageFailure.NotYetValid, (await this.Validator(time: time).ValidateAsync(token)).Failure);
    }

    [Fact]
    public async Task ValidateAsync_NoSub_IsMissingSubject()
    {
        await this.AssertRefusedAsync(this.stub.MintToken(sub: null), ActionableMessageFailure.MissingSubject);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("grace@contoso.example\r\nX-Injected: 1")]
    [InlineData("grace\u202E@contoso.example")]
    public async Task ValidateAsync_UnusableSub_IsMissingSubject(string sub)
    {
        await this.AssertRefusedAsync(this.stub.MintToken(sub), ActionableMessageFailure.MissingSubject);
    }

    [Fact]
    public async Task ValidateAsync_IssuedToAnotherApplication_IsRefused()
    {
        await this.AssertRefusedAsync(
            this.stub.MintToken("grace@contoso.example", claims: new Dictionary<string, object?> { ["appid"] = "00000000-0000-0000-0000-000000000001" }),
            ActionableMessageFailure.WrongApplication);
        await this.AssertRefusedAsync(
            this.stub.MintToken("grace@contoso.example", claims: new Dictionary<string, object?> { ["appid"] = null }),
            ActionableMessageFailure.WrongApplication);
    }

    [Fact]
    public async Task ValidateAsync_EntraStyleAzpAndActorClaim_AreHonouredWhenConfigured()
    {
        string token = this.stub.MintToken(
            "AUCeKGQXBnSqpWfTYEk0li8TyNul1QSuSxcPplBAwaQ",
            claims: new Dictionary<string, object?> { ["appid"] = null, ["azp"] = ActionableMessageOptions.ActionableMessagesAppId, ["upn"] = "grace@contoso.example" });

        ActionableMessageValidation result = await this.Validator(options => options.ActorClaim = "upn").ValidateAsync(token);

        Assert.Equal("grace@contoso.example", result.Actor?.Email);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0")]
    [InlineData("....")]
    public async Task ValidateAsync_Garbage_IsMalformedWithoutThrowing(string? token)
    {
        await this.AssertRefusedAsync(token, ActionableMessageFailure.Malformed);
    }

    [Fact]
    public async Task ValidateAsync_HugeToken_IsMalformedBeforeFetchingKeys()
    {
        ActionableMessageTokenValidator validator = this.Validator();

        ActionableMessageValidation result = await validator.ValidateAsync(new string('a', ActionableMessageTokenValidator.MaxTokenLength + 1));

        Assert.Equal(ActionableMessageFailure.Malformed, result.Failure);
        Assert.Equal(0, this.stub.MetadataRequests);
    }

    [Fact]
    public async Task ValidateAsync_Disabled_RefusesEvenAValidToken()
    {
        ActionableMessageValidation result = await this.Validator(options => options.Enabled = false).ValidateAsync(this.stub.MintToken("grace@contoso.example"));

        Assert.Equal(ActionableMessageFailure.Disabled, result.Failure);
    }

    [Fact]
    public async Task ValidateAsync_MetadataUnreachable_IsMetadataUnavailableNotAnException()
    {
        ActionableMessageTokenValidator validator = this.Validator(options => options.MetadataAddress = new Uri("http://127.0.0.1:9/.well-known/openid-configuration"));

        ActionableMessageValidation result = await validator.ValidateAsync(this.stub.MintToken("grace@contoso.example"));

        Assert.Equal(ActionableMessageFailure.MetadataUnavailable, result.Failure);
    }

    [Fact]
    public async Task ValidateAsync_ManyTokens_FetchTheMetadataOnce()
    {
        ActionableMessageTokenValidator validator = this.Validator();

        for (int i = 0; i < 5; i++)
        {
            Assert.True((await validator.ValidateAsync(this.stub.MintToken($"person{i}@contoso.example"))).IsValid);
        }

        Assert.Equal((1, 1), (this.stub.MetadataRequests, this.stub.KeyRequests));
    }

    [Fact]
    public async Task ValidateAsync_IssuerRolledItsKey_RefreshesAndAccepts()
    {
        ActionableMessageTokenValidator validator = this.Validator();
        Assert.True((await validator.ValidateAsync(this.stub.MintToken("grace@contoso.example"))).IsValid);

        this.stub.RollKey("stub-key-2");
        ActionableMessageValidation result = await validator.ValidateAsync(this.stub.MintToken("grace@contoso.example"));

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(2, this.stub.KeyRequests);
    }

    [Fact]
    public async Task ValidateAsync_RefusalReason_NeverContainsTheToken()
    {
        string token = this.stub.MintToken("grace@contoso.example", audience: "https://evil.example");

        ActionableMessageValidation result = await this.Validator().ValidateAsync(token);

        Assert.DoesNotContain(token[..20], result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("grace", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://login.example/.well-known/openid-configuration", true)]
    [InlineData("https://login.example/.well-known/openid-configuration", false)]
    [InlineData("http://127.0.0.1:5000/.well-known/openid-configuration", false)]
    [InlineData("http://localhost:5000/.well-known/openid-configuration", false)]
    public void Problems_MetadataOverPlainHttp_OnlyOnLoopback(string address, bool refused)
    {
        var options = new ActionableMessageOptions { Enabled = true, Audience = OpenIdStub.DefaultAudience, MetadataAddress = new Uri(address) };

        Assert.Equal(refused, ActionableMessageOptions.Problems(options) is not null);
    }

    [Fact]
    public void Problems_EnabledWithoutAudience_IsRefusedAtStartup()
    {
        var options = new ActionableMessageOptions { Enabled = true };

        Assert.Contains("Audience", ActionableMessageOptions.Problems(options), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new ActionableMessageTokenValidator(
            options, ActionableMessageTokenValidator.CreateMetadataManager(options), TimeProvider.System, NullLogger<ActionableMessageTokenValidator>.Instance));
    }

    private async Task AssertRefusedAsync(string? token, ActionableMessageFailure expected)
    {
        ActionableMessageValidation result = await this.Validator().ValidateAsync(token);

        Assert.False(result.IsValid);
        Assert.Null(result.Actor);
        Assert.Equal(expected, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    private ActionableMessageTokenValidator Validator(Action<ActionableMessageOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new ActionableMessageOptions
        {
            Enabled = true,
            MetadataAddress = this.stub.MetadataAddress,
            Audience = OpenIdStub.DefaultAudience,
        };
        configure?.Invoke(options);
        return new ActionableMessageTokenValidator(
            options,
            ActionableMessageTokenValidator.CreateMetadataManager(options),
            time ?? TimeProvider.System,
            NullLogger<ActionableMessageTokenValidator>.Instance);
    }
}

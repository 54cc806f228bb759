using Microsoft.Extensions.Options;
using ReleasePolicy.Access;

namespace ReleasePolicy.Core.Tests.Access;

public sealed class CallerAuthenticatorTests
{
    private const string PipelineSecret = "pipeline-secret-0123456789";
    private const string AdminSecret = "admin-secret-0123456789";
    private const string AuditorSecret = "auditor-secret-0123456789";
    private static readonly RouteAccess SubmitRoute = RouteAccess.Role(Roles.ReleaseSubmit);
    private static readonly RouteAccess WebhookRoute = RouteAccess.Webhook(Roles.ReleaseSignal);

    [Fact]
    public void Decide_PipelineKeyInHeader_AdmitsItsPrincipalWithItsRoles()
    {
        AccessDecision decision = Authenticator().Decide(new PresentedCredentials(PipelineSecret, null, null), SubmitRoute);

        Assert.True(decision.Admitted);
        Assert.Equal("ci-pipeline", decision.Caller!.Name);
        Assert.Equal(CallerKind.Pipeline, decision.Caller.Kind);
        Assert.Equal("api-key:pipeline", decision.Caller.AuthenticatedBy);
        Assert.True(decision.Caller.HasRole(Roles.ReleaseSubmit));
        Assert.False(decision.Caller.HasRole(Roles.PolicyPublish));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-key-at-all")]
    [InlineData(PipelineSecret + "x")]
    public void Decide_NoOrWrongKey_Is401(string? key)
    {
        AccessDecision decision = Authenticator().Decide(new PresentedCredentials(key, null, null), SubmitRoute);

        Assert.False(decision.Admitted);
        Assert.Equal(401, decision.Status);
    }

    [Fact]
    public void Decide_ValidKeyWithoutTheRole_Is403NamingTheRole()
    {
        AccessDecision decision = Authenticator().Decide(new PresentedCredentials(AuditorSecret, null, null), SubmitRoute);

        Assert.Equal(403, decision.Status);
        Assert.Contains(Roles.ReleaseSubmit, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_KeyInQueryOnOrdinaryRoute_Is401SayingUseTheHeader()
    {
        AccessDecision decision = Authenticator().Decide(new PresentedCredentials(null, PipelineSecret, null), SubmitRoute);

        Assert.Equal(401, decision.Status);
        Assert.Contains("x-functions-key", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PipelineKeyInQueryOnWebhookRoute_IsAdmitted()
    {
        AccessDecision decision = Authenticator().Decide(new PresentedCredentials(null, PipelineSecret, null), WebhookRoute);

        Assert.True(decision.Admitted);
    }

    [Theory]
    [InlineData(AdminSecret)]
    [InlineData(AuditorSecret)]
    public void Decide_AdminOrAuditorKeyInQuery_IsNeverAccepted(string secret)
    {
        var anyone = RouteAccess.Webhook();

        AccessDecision decision = Authenticator().Decide(new PresentedCredentials(null, secret, null), anyone);

        Assert.Equal(401, decision.Status);
    }

    [Fact]
    public void Decide_PlatformPrincipalWhenNotTrusted_IsIgnored()
    {
        string forged = PlatformPrincipal.Encode("aad", [("name", "mallory"), ("roles", Roles.PolicyPublish)]);

        AccessDecision decision = Authenticator(trustPlatform: false).Decide(new PresentedCredentials(null, null, forged), RouteAccess.Role(Roles.PolicyPublish));

        Assert.Equal(401, decision.Status);
    }

    [Fact]
    public void Decide_PlatformPrincipalWhenTrusted_AdmitsThePersonWithItsAppRoles()
    {
        string header = PlatformPrincipal.Encode("aad", [("name", "alice"), ("roles", Roles.ReleaseSubmit), ("roles", "not-a-role")]);

        AccessDecision decision = Authenticator(trustPlatform: true).Decide(new PresentedCredentials(null, null, header), SubmitRoute);

        Assert.True(decision.Admitted);
        Assert.Equal("alice", decision.Caller!.Name);
        Assert.Equal(CallerKind.Person, decision.Caller.Kind);
        Assert.Equal([Roles.ReleaseSubmit], decision.Caller.Roles);
    }

    [Fact]
    public void Decide_WrongHeaderKeyWithTrustedPlatformPrincipal_IsStill401()
    {
        string header = PlatformPrincipal.Encode("aad", [("name", "alice"), ("roles", Roles.ReleaseSubmit)]);

        AccessDecision decision = Authenticator(trustPlatform: true).Decide(new PresentedCredentials("wrong-key", null, header), SubmitRoute);

        Assert.Equal(401, decision.Status);
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/admin)")]
    [InlineData("  @microsoft.keyvault(VaultName=kv;SecretName=admin)")]
    [InlineData("short")]
    [InlineData("")]
    public void Decide_UnusableConfiguredSecret_NeverWorksAsAKey(string secret)
    {
        var options = new ApiKeyOptions();
        var definition = new ApiKeyDefinition { Secret = secret, Principal = "admin" };
        definition.Roles.Add(Roles.PolicyPublish);
        options.Keys["admin"] = definition;
        var authenticator = new CallerAuthenticator(Options.Create(options), Options.Create(new AuthOptions()));

        AccessDecision decision = authenticator.Decide(new PresentedCredentials(secret, null, null), RouteAccess.Role(Roles.PolicyPublish));

        Assert.False(definition.IsUsable);
        Assert.Equal(401, decision.Status);
    }

    [Fact]
    public void Decide_UnknownRoleInConfiguration_IsNotGranted()
    {
        var options = new ApiKeyOptions();
        var definition = new ApiKeyDefinition { Secret = PipelineSecret };
        definition.Roles.Add("release.everything");
        options.Keys["odd"] = definition;
        var authenticator = new CallerAuthenticator(Options.Create(options), Options.Create(new AuthOptions()));

        AccessDecision decision = authenticator.Decide(new PresentedCredentials(PipelineSecret, null, null), RouteAccess.Authenticated);

        Assert.True(decision.Admitted);
        Assert.Empty(decision.Caller!.Roles);
        Assert.Equal("odd", decision.Caller.Name);
    }

    private static CallerAuthenticator Authenticator(bool trustPlatform = false)
    {
        var options = new ApiKeyOptions();
        options.Keys["pipeline"] = Key(PipelineSecret, "ci-pipeline", CallerKind.Pipeline, Roles.ReleaseSubmit, Roles.ReleaseSignal);
        options.Keys["admin"] = Key(AdminSecret, "policy-admin", CallerKind.Person, Roles.PolicyPublish, Roles.Operator);
        options.Keys["auditor"] = Key(AuditorSecret, "auditor", CallerKind.Person, Roles.EvidenceRead);
        return new CallerAuthenticator(Options.Create(options), Options.Create(new AuthOptions { TrustPlatformPrincipal = trustPlatform }));
    }

    private static ApiKeyDefinition Key(string secret, string principal, CallerKind kind, params string[] roles)
    {
        var definition = new ApiKeyDefinition { Secret = secret, Principal = principal, Kind = kind };
        definition.Roles.AddRange(roles);
        return definition;
    }
}

using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReleasePolicy.IntegrationTests.Infrastructure.OpenIdStub;

/// <summary>
/// A token issuer on a loopback port, standing in for Microsoft's Actionable Messages issuer: it serves
/// <c>/.well-known/openid-configuration</c> and a JWKS with one RSA key, and mints RS256 tokens with that key (or with
/// another key under the same key id, to forge a signature). It counts metadata and key requests, so tests can see the
/// validator's cache at work, and can roll its key.
/// </summary>
internal sealed class OpenIdStub : IAsyncDisposable
{
    public const string DefaultIssuer = "https://substrate.office.com/sts/";
    public const string DefaultAudience = "https://releasepolicy.test.example";

    private readonly WebApplication app;
    private RsaSecurityKey signingKey;
    private readonly RsaSecurityKey otherKey;
    private int metadataRequests;
    private int keyRequests;

    private OpenIdStub(WebApplication app)
    {
        this.app = app;
        this.signingKey = NewKey("stub-key-1");
        // The forger's key claims the real key id, so only the signature itself can tell them apart.
        this.otherKey = NewKey("stub-key-1");
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri MetadataAddress => new(this.BaseAddress, "/.well-known/openid-configuration");

    /// <summary>The issuer the metadata document names (the validator checks tokens against its own configured issuer).</summary>
    public string Issuer { get; set; } = DefaultIssuer;

    public int MetadataRequests => Volatile.Read(ref this.metadataRequests);

    public int KeyRequests => Volatile.Read(ref this.keyRequests);

    public static async Task<OpenIdStub> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var stub = new OpenIdStub(app);
        stub.MapRoutes();
        await app.StartAsync();
        stub.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return stub;
    }

    /// <summary>
    /// A signed token. <paramref name="lifetime"/> may be negative (an expired token); <paramref name="signWithOtherKey"/>
    /// signs with a key the JWKS does not hold; <paramref name="claims"/> adds or replaces claims (null value: leave out).
    /// By default the token carries <c>sender</c>, <c>tid</c> and the Actionable Messages <c>appid</c>.
    /// </summary>
    public string MintToken(
        string? sub,
        string audience = DefaultAudience,
        string issuer = DefaultIssuer,
        TimeSpan? lifetime = null,
        bool signWithOtherKey = false,
        IReadOnlyDictionary<string, object?>? claims = null,
        DateTimeOffset? now = null)
    {
        DateTimeOffset issuedAt = now ?? DateTimeOffset.UtcNow;
        DateTimeOffset expires = issuedAt + (lifetime ?? TimeSpan.FromMinutes(5));
        var payload = new Dictionary<string, object>
        {
            ["sender"] = "releasepolicy@contoso.example",
            ["tid"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["appid"] = ReleasePolicy.Approvals.Tokens.ActionableMessageOptions.ActionableMessagesAppId,
        };
        if (sub is not null)
        {
            payload["sub"] = sub;
        }

        foreach ((string name, object? value) in claims ?? new Dictionary<string, object?>())
        {
            if (value is null)
            {
                payload.Remove(name);
            }
            else
            {
                payload[name] = value;
            }
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = payload,
            // A token's window always opens before it closes; an expired token opened an hour before it expired.
            NotBefore = (expires <= issuedAt ? expires.AddHours(-1) : issuedAt).UtcDateTime,
            IssuedAt = (expires <= issuedAt ? expires.AddHours(-1) : issuedAt).UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(signWithOtherKey ? this.otherKey : this.signingKey, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Replaces the served key (a key rollover at the issuer): tokens minted afterwards use the new key id.</summary>
    public void RollKey(string keyId) => this.signingKey = NewKey(keyId);

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private void MapRoutes()
    {
        this.app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref this.metadataRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = this.Issuer,
                ["jwks_uri"] = new Uri(this.BaseAddress, "/keys").AbsoluteUri,
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        this.app.MapGet("/keys", () =>
        {
            Interlocked.Increment(ref this.keyRequests);
            JsonWebKey jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(this.signingKey.Rsa.ExportParameters(false)) { KeyId = this.signingKey.KeyId });
            return Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, string> { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E },
                },
            });
        });
    }

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };
}

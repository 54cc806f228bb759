using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReleasePolicy.Access;

/// <summary>
/// The one door: turns a request's credentials into a principal and checks it against the route's access. Keys are
/// compared in constant time, by their SHA-256, so neither timing nor length reveals anything about a configured key.
/// </summary>
public sealed class CallerAuthenticator
{
    private readonly IReadOnlyList<(byte[] Hash, CallerPrincipal Principal)> keys;
    private readonly bool trustPlatformPrincipal;

    public CallerAuthenticator(IOptions<ApiKeyOptions> apiKeys, IOptions<AuthOptions> auth)
    {
        ArgumentNullException.ThrowIfNull(apiKeys);
        ArgumentNullException.ThrowIfNull(auth);
        this.trustPlatformPrincipal = auth.Value.TrustPlatformPrincipal;
        this.keys = apiKeys.Value.Keys
            .Where(k => k.Value.IsUsable)
            .Select(k => (Hash(k.Value.Secret!), Principal(k.Key, k.Value)))
            .ToArray();
    }

    public AccessDecision Decide(PresentedCredentials credentials, RouteAccess access)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(access);
        if (access.CredentialInRequest)
        {
            return AccessDecision.Admit(this.SignedInOrAnonymous(credentials));
        }

        AccessDecision authenticated = this.Authenticate(credentials, access);
        if (authenticated.Caller is not { } caller)
        {
            return authenticated;
        }

        return access.Allows(caller)
            ? authenticated
            : AccessDecision.Forbidden($"This route needs {access.Describe()}; '{caller.Name}' does not hold it.");
    }

    private AccessDecision Authenticate(PresentedCredentials credentials, RouteAccess access)
    {
        if (!string.IsNullOrEmpty(credentials.HeaderKey))
        {
            return this.FindKey(credentials.HeaderKey) is { } caller
                ? AccessDecision.Admit(caller)
                : AccessDecision.Unauthenticated($"The key in the '{PresentedCredentials.KeyHeaderName}' header is not valid.");
        }

        if (!string.IsNullOrEmpty(credentials.QueryKey))
        {
            if (!access.AcceptsQueryKey)
            {
                return AccessDecision.Unauthenticated(
                    $"Keys in the '{PresentedCredentials.KeyQueryName}' query parameter are accepted only on webhook routes; send the key in the '{PresentedCredentials.KeyHeaderName}' header.");
            }

            CallerPrincipal? byQuery = this.FindKey(credentials.QueryKey);
            if (byQuery is null)
            {
                return AccessDecision.Unauthenticated($"The key in the '{PresentedCredentials.KeyQueryName}' query parameter is not valid.");
            }

            return byQuery.HasAnyRole(Roles.HeaderOnly)
                ? AccessDecision.Unauthenticated($"A key with the roles {string.Join(", ", Roles.HeaderOnly)} is never accepted in a URL; send it in the '{PresentedCredentials.KeyHeaderName}' header.")
                : AccessDecision.Admit(byQuery);
        }

        if (this.trustPlatformPrincipal && !string.IsNullOrEmpty(credentials.PlatformPrincipal))
        {
            return PlatformPrincipal.Parse(credentials.PlatformPrincipal) is { } signedIn
                ? AccessDecision.Admit(signedIn)
                : AccessDecision.Unauthenticated("The signed-in principal could not be read.");
        }

        return AccessDecision.Unauthenticated(
            $"Authentication required: send an API key in the '{PresentedCredentials.KeyHeaderName}' header"
            + (this.trustPlatformPrincipal ? ", or sign in." : "."));
    }

    /// <summary>
    /// On a token route: the trusted signed-in person (the approver page in Azure must match the token's approver), or
    /// an anonymous principal with no roles. API keys are ignored there: a key never stands in for an approver.
    /// </summary>
    private CallerPrincipal SignedInOrAnonymous(PresentedCredentials credentials) =>
        this.trustPlatformPrincipal && !string.IsNullOrEmpty(credentials.PlatformPrincipal) && PlatformPrincipal.Parse(credentials.PlatformPrincipal) is { } signedIn
            ? signedIn
            : CallerPrincipal.Anonymous;

    private CallerPrincipal? FindKey(string presented)
    {
        byte[] hash = Hash(presented);
        CallerPrincipal? found = null;

        // Every key is compared, so the time taken does not depend on which (if any) matched.
        foreach ((byte[] keyHash, CallerPrincipal principal) in this.keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                found = principal;
            }
        }

        return found;
    }

    private static CallerPrincipal Principal(string name, ApiKeyDefinition key) => new(
        string.IsNullOrWhiteSpace(key.Principal) ? name : key.Principal.Trim(),
        key.Kind,
        key.Roles.Where(Roles.All.Contains).ToHashSet(StringComparer.Ordinal),
        "api-key:" + name);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

using Microsoft.Kiota.Abstractions.Authentication;

namespace ReleasePolicy.IntegrationTests.Infrastructure.GraphStub;

/// <summary>
/// A fixed bearer token for the stub's host only: the SDK's own bearer provider, so the allowed-hosts rule that drops
/// tokens for other hosts is the production one.
/// </summary>
internal sealed class StaticTokenAuthentication(string token, string host)
    : BaseBearerTokenAuthenticationProvider(new StaticTokenProvider(token, host))
{
    private sealed class StaticTokenProvider(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(this.AllowedHostsValidator.IsUrlHostValid(uri) ? token : string.Empty);
    }
}

using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Authentication.Azure;

namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// The one <see cref="GraphServiceClient"/> of the app, built at first use (so a host that never mails or looks
/// anyone up starts without Graph settings, and one that does fails then with a message naming the setting).
/// Requests go through <see cref="GraphClientFactory"/>'s handlers (retry on 429/503/504 honouring Retry-After,
/// redirects, compression) to <see cref="GraphOptions.BaseUrl"/>.
/// </summary>
public sealed class GraphConnection : IDisposable
{
    private readonly GraphOptions options;
    private readonly Lazy<(HttpClient Http, GraphServiceClient Client)> connection;

    /// <param name="authentication">Replaces the Entra credential (tests: a static token for the local stub).</param>
    public GraphConnection(IOptions<GraphOptions> options, IAuthenticationProvider? authentication = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.connection = new Lazy<(HttpClient, GraphServiceClient)>(() => this.Create(authentication), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public GraphServiceClient Client => this.connection.Value.Client;

    /// <summary>The mailbox mail is sent from.</summary>
    public string Sender => string.IsNullOrWhiteSpace(this.options.Sender)
        ? throw new GraphNotConfiguredException("Mail through Microsoft Graph needs ReleasePolicy:Graph:Sender (the sending mailbox's UPN or object id).")
        : this.options.Sender;

    /// <summary>
    /// The Entra credential from the options. The scope and the allowed host are the configured endpoint's: a
    /// token provider only attaches tokens for its allowed hosts, so a national cloud (or any non-default host) must
    /// be named there or every request would go out without a token.
    /// </summary>
    public static IAuthenticationProvider CreateAuthentication(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string host = options.BaseUrl.Host;
        string scope = $"{options.BaseUrl.Scheme}://{options.BaseUrl.Authority}/.default";
        return new AzureIdentityAuthenticationProvider(CreateCredential(options), [host], observabilityOptions: null, isCaeEnabled: false, scopes: [scope]);
    }

    public static TokenCredential CreateCredential(GraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool hasTenant = !string.IsNullOrWhiteSpace(options.TenantId);
        bool hasClient = !string.IsNullOrWhiteSpace(options.ClientId);
        bool hasSecret = !string.IsNullOrWhiteSpace(options.ClientSecret);
        if (hasSecret)
        {
            if (!hasTenant || !hasClient)
            {
                throw new GraphNotConfiguredException(
                    "ReleasePolicy:Graph:ClientSecret is set without " + (hasTenant ? "ClientId" : hasClient ? "TenantId" : "TenantId and ClientId")
                    + ": client credentials need all three (or remove the secret to use the managed identity).");
            }

            return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
        }

        // No secret: the app's managed identity (user-assigned when a client id is given).
        return hasClient
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId!))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    public void Dispose()
    {
        if (this.connection.IsValueCreated)
        {
            this.connection.Value.Client.Dispose();
            this.connection.Value.Http.Dispose();
        }
    }

    private (HttpClient, GraphServiceClient) Create(IAuthenticationProvider? authentication)
    {
        if (!this.options.BaseUrl.IsAbsoluteUri || this.options.BaseUrl.Scheme is not ("https" or "http"))
        {
            throw new GraphNotConfiguredException("ReleasePolicy:Graph:BaseUrl must be an absolute http(s) URL, e.g. " + GraphOptions.DefaultBaseUrl + ".");
        }

        IAuthenticationProvider provider = authentication ?? CreateAuthentication(this.options);

        // One long-lived client for the app; pooled connections are recycled so DNS changes are picked up.
        var transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        HttpClient http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: transport);
        string baseUrl = this.options.BaseUrl.AbsoluteUri.TrimEnd('/');
        return (http, new GraphServiceClient(http, provider, baseUrl));
    }
}

namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// Section <c>ReleasePolicy:Graph</c>: where Microsoft Graph is and how the app signs in to it. With
/// <see cref="TenantId"/>, <see cref="ClientId"/> and <see cref="ClientSecret"/> the app uses client credentials;
/// with only <see cref="ClientId"/>, that user-assigned managed identity; with none, the system-assigned managed identity.
/// </summary>
public sealed class GraphOptions
{
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The Graph endpoint (a national cloud, or a local stub in tests).</summary>
    public Uri BaseUrl { get; set; } = new(DefaultBaseUrl);

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Key Vault reference in Azure; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The mailbox mail is sent from (its UPN or object id); needs <c>Mail.Send</c> limited to it by an application access policy.</summary>
    public string? Sender { get; set; }
}

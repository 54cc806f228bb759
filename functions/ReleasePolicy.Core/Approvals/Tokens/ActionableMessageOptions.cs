using System.Text;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Section <c>ReleasePolicy:Approvals:ActionableMessages</c>: how the bearer token Outlook sends with an Actionable
/// Message's <c>Action.Http</c> is validated. The defaults are Microsoft's Actionable Message token issuer; a tenant on
/// the Entra ID token scheme sets <see cref="MetadataAddress"/>, <see cref="Issuer"/>, <see cref="Audience"/> (the
/// AppIdUri) and <see cref="ActorClaim"/> (<c>upn</c> or <c>preferred_username</c>: there <c>sub</c> is not an address).
/// </summary>
public sealed class ActionableMessageOptions
{
    public const string SectionName = "ActionableMessages";

    /// <summary>The Actionable Messages service's application id; its tokens carry it as <c>appid</c> (or <c>azp</c>).</summary>
    public const string ActionableMessagesAppId = "48af08dc-f6d2-435f-b2a7-069abd99c086";

    /// <summary>Off until the originator is registered with Microsoft: every token is refused, and cards should carry no Action.Http.</summary>
    public bool Enabled { get; set; }

    /// <summary>OpenID metadata naming the signing keys (jwks_uri). HTTPS, except on a loopback host (tests).</summary>
    public Uri MetadataAddress { get; set; } = new("https://substrate.office.com/sts/common/.well-known/openid-configuration");

    /// <summary>The exact <c>iss</c> the tokens must carry.</summary>
    public string Issuer { get; set; } = "https://substrate.office.com/sts/";

    /// <summary>The <c>aud</c> the tokens must carry: the service's base URL. Defaults to <c>ReleasePolicy:Approvals:PublicBaseUrl</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>The originator id Microsoft registered for our cards (put in each card's <c>originator</c>).</summary>
    public string? Originator { get; set; }

    /// <summary>The <c>appid</c>/<c>azp</c> the token must name; empty to not check it.</summary>
    public string? ApplicationId { get; set; } = ActionableMessagesAppId;

    /// <summary>The claim naming the person who acted; for Actionable Messages over mail, <c>sub</c> is their address.</summary>
    public string ActorClaim { get; set; } = "sub";

    /// <summary>Tolerance for clock differences when checking <c>nbf</c> and <c>exp</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Why these options cannot validate tokens (one problem a line), or null. Nothing is checked while disabled.</summary>
    public static string? Problems(ActionableMessageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }

        const string Section = "ReleasePolicy:Approvals:ActionableMessages";
        var problems = new StringBuilder();
        if (options.MetadataAddress is not { IsAbsoluteUri: true } metadata)
        {
            problems.AppendLine($"{Section}:MetadataAddress must be an absolute URL.");
        }
        else if (metadata.Scheme != Uri.UriSchemeHttps && !(metadata.Scheme == Uri.UriSchemeHttp && metadata.IsLoopback))
        {
            problems.AppendLine($"{Section}:MetadataAddress must use HTTPS (plain HTTP is allowed for a loopback host only).");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            problems.AppendLine($"{Section}:Issuer is not set.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            problems.AppendLine($"{Section}:Audience is not set (nor ReleasePolicy:Approvals:PublicBaseUrl): tokens cannot be tied to this service.");
        }

        if (string.IsNullOrWhiteSpace(options.ActorClaim))
        {
            problems.AppendLine($"{Section}:ActorClaim is empty.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(10))
        {
            problems.AppendLine($"{Section}:ClockSkew must be between 0 and 10 minutes.");
        }

        return problems.Length == 0 ? null : problems.ToString().TrimEnd();
    }
}

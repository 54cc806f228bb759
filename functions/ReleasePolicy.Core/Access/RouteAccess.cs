namespace ReleasePolicy.Access;

/// <summary>Who may call one route: any of <see cref="AnyOfRoles"/>, or anyone authenticated when it is empty.</summary>
/// <param name="AcceptsQueryKey">True only for routes whose callers cannot set headers: webhook senders and calendar clients.</param>
public sealed record RouteAccess(IReadOnlyList<string> AnyOfRoles, bool AcceptsQueryKey = false)
{
    public static RouteAccess Authenticated { get; } = new([]);

    /// <summary>
    /// A route whose credential travels in the request itself (a signed approval link, an Outlook Actionable Message
    /// bearer token): the door admits it, with the signed-in principal when the platform supplies a trusted one, and
    /// the function checks the credential. Nothing else is reachable this way.
    /// </summary>
    public static RouteAccess TokenBearer { get; } = new([]) { CredentialInRequest = true };

    /// <summary>True for <see cref="TokenBearer"/> routes.</summary>
    public bool CredentialInRequest { get; init; }

    public static RouteAccess Role(params string[] anyOf) => new(anyOf);

    public static RouteAccess Webhook(params string[] anyOf) => new(anyOf, AcceptsQueryKey: true);

    /// <summary>
    /// A feed that calendar clients (Outlook, Google Calendar) subscribe to by URL: they cannot send headers, so the key
    /// may travel in the <c>code</c> query parameter, as for a webhook (never a key with a <see cref="Roles.HeaderOnly"/> role).
    /// </summary>
    public static RouteAccess Feed(params string[] anyOf) => new(anyOf, AcceptsQueryKey: true);

    public bool Allows(CallerPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return this.AnyOfRoles.Count == 0 || caller.HasAnyRole(this.AnyOfRoles);
    }

    public string Describe() => this.CredentialInRequest ? "a valid approval token" : this.AnyOfRoles.Count == 0 ? "any authenticated caller" : "the role " + string.Join(" or ", this.AnyOfRoles);
}

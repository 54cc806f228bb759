namespace ReleasePolicy.Access;

/// <summary>Who may call one route: any of <see cref="AnyOfRoles"/>, or anyone authenticated when it is empty.</summary>
/// <param name="AcceptsQueryKey">True only for routes that receive webhooks, whose senders cannot set headers.</param>
public sealed record RouteAccess(IReadOnlyList<string> AnyOfRoles, bool AcceptsQueryKey = false)
{
    public static RouteAccess Authenticated { get; } = new([]);

    public static RouteAccess Role(params string[] anyOf) => new(anyOf);

    public static RouteAccess Webhook(params string[] anyOf) => new(anyOf, AcceptsQueryKey: true);

    public bool Allows(CallerPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return this.AnyOfRoles.Count == 0 || caller.HasAnyRole(this.AnyOfRoles);
    }

    public string Describe() => this.AnyOfRoles.Count == 0 ? "any authenticated caller" : "the role " + string.Join(" or ", this.AnyOfRoles);
}

namespace ReleasePolicy.Access;

/// <summary>An authenticated caller: who it is, what it is, what it may do, and how it proved it.</summary>
/// <param name="Name">The principal's name as records show it (an API key's principal, or the signed-in user).</param>
/// <param name="AuthenticatedBy">How: <c>api-key:{name}</c> or <c>platform:{identity provider}</c>; never a secret.</param>
/// <param name="ObjectId">The Entra object id, when the platform supplied one.</param>
public sealed record CallerPrincipal(string Name, CallerKind Kind, IReadOnlySet<string> Roles, string AuthenticatedBy, string? ObjectId = null)
{
    /// <summary>Nobody in particular: admitted only to <see cref="RouteAccess.TokenBearer"/> routes, with no roles.</summary>
    public static CallerPrincipal Anonymous { get; } = new("anonymous", CallerKind.Person, new HashSet<string>(StringComparer.Ordinal), "none");

    public bool IsAnonymous => ReferenceEquals(this, Anonymous);

    public bool HasRole(string role) => this.Roles.Contains(role);

    public bool HasAnyRole(IEnumerable<string> roles) => roles.Any(this.Roles.Contains);
}

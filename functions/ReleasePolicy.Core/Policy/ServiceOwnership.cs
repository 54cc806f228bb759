namespace ReleasePolicy.Policy;

/// <summary>
/// RACI for one service. Entries are user or group names exactly as the identity provider spells them; matching is
/// case-insensitive and group membership is resolved by the caller (see <c>ReadinessRequest.RequesterGroups</c>).
/// </summary>
public sealed record ServiceOwnership(
    string Service,
    IReadOnlyList<string> Initiators,
    IReadOnlyList<string> Approvers,
    string RollbackOwner,
    IReadOnlyList<string> Informed)
{
    /// <summary>
    /// The pipeline principals (API key principals or Entra applications) that may submit releases of this service on
    /// someone's behalf. None listed: no pipeline may; people signed in may still submit as themselves.
    /// </summary>
    public IReadOnlyList<string> Pipelines { get; init; } = [];
}

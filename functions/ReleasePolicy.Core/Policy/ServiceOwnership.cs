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
    IReadOnlyList<string> Informed);

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// The approval link signing keys, read from the <c>ReleasePolicy</c> section itself (settings
/// <c>ReleasePolicy__ApprovalSigningKey</c> and <c>ReleasePolicy__ApprovalSigningKeyPrevious</c>, Key Vault references in Azure).
/// </summary>
public sealed class ApprovalSigningOptions
{
    /// <summary>Base64 of at least 32 random bytes; signs and checks every link.</summary>
    public string? ApprovalSigningKey { get; set; }

    /// <summary>
    /// The key before the last rotation, accepted for checking only, so links already in inboxes keep working until they
    /// expire. Remove it once the longest link lifetime has passed since the rotation.
    /// </summary>
    public string? ApprovalSigningKeyPrevious { get; set; }
}

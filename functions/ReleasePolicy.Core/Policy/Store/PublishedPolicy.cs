namespace ReleasePolicy.Policy.Store;

/// <summary>One published version of the policy, immutable once written.</summary>
/// <param name="Sequence">Publication order, from 1; the highest is the active policy.</param>
/// <param name="Version">The document's own <c>version</c> field, unique across publications.</param>
/// <param name="Hash">SHA-256 of the text (LF line endings), recorded on every release judged under it.</param>
public sealed record PublishedPolicy(int Sequence, string Version, string Hash, DateTimeOffset PublishedAt, string PublishedBy, string Text)
{
    public PolicyReference Reference => new(this.Sequence, this.Version, this.Hash);
}

/// <summary>What a release carries to name the exact policy it is judged under.</summary>
public sealed record PolicyReference(int Sequence, string Version, string Hash);

/// <summary>
/// The result of publishing: a new version, the same text again (nothing written), or a refusal. For
/// <see cref="PublishOutcomeKind.InactiveVersion"/>, <see cref="Policy"/> is the older version the text matches.
/// </summary>
public sealed record PublishOutcome(PublishOutcomeKind Kind, PublishedPolicy? Policy, string? Reason = null);

public enum PublishOutcomeKind
{
    Published,
    Unchanged,
    VersionConflict,

    /// <summary>The text is exactly an older version's, which is not active; nothing written.</summary>
    InactiveVersion,
}

namespace ReleasePolicy.Evidence;

/// <summary>What an append does when the record's blob already exists.</summary>
public enum EvidenceWriteMode
{
    /// <summary>Identical bytes are a retry (success); different bytes throw <see cref="EvidenceConflictException"/>.</summary>
    CreateOnly,

    /// <summary>
    /// The first write stands whatever the new bytes are: for the intake's submission record, where a replayed HTTP
    /// submission has another <c>recordedAt</c> but is the same submission.
    /// </summary>
    FirstWriteWins,
}

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

    /// <summary>
    /// The record already written under the same name (same sequence, same kind) stands: an earlier attempt of the
    /// same workflow step, whose decision may rest on live data that has moved since (a slot search, the ids of mails
    /// it sent). A record of another kind at that sequence is still a conflict.
    /// </summary>
    SameRecordWins,
}

namespace ReleasePolicy.Policy.Store;

/// <summary>
/// A proposed policy version, kept create-only and never active by itself: it becomes a published version only
/// when the active policy's <c>approvals.policyChanges</c> chain approves it.
/// </summary>
/// <param name="Base">The version that was active when it was proposed: what approvers see the diff against, and whose council decides.</param>
public sealed record PolicyProposal(string Version, string Hash, DateTimeOffset ProposedAt, string ProposedBy, PolicyReference Base, string Text)
{
    public const string ApprovalPrefix = "policy-";

    /// <summary>The approval (tally, link tokens, orchestration instance, evidence) of a proposed version.</summary>
    public string ApprovalId => ApprovalIdFor(this.Version);

    public static string ApprovalIdFor(string version) => ApprovalPrefix + version;
}

public enum ProposalOutcomeKind
{
    /// <summary>Stored now.</summary>
    Proposed,

    /// <summary>Exactly this text was proposed under this version before; nothing written.</summary>
    AlreadyProposed,

    /// <summary>This version was proposed (or published) with other content.</summary>
    VersionConflict,
}

public sealed record ProposalOutcome(ProposalOutcomeKind Kind, PolicyProposal? Proposal, string? Reason = null);

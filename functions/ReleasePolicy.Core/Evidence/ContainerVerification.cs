namespace ReleasePolicy.Evidence;

/// <summary>Every release of a container copy and its ledger chain.</summary>
public sealed record ContainerVerification(IReadOnlyList<VerificationResult> Releases, VerificationResult Ledger)
{
    public bool Verified => this.Ledger.Verified && this.Releases.All(r => r.Verified);

    /// <summary>The first failure: releases in name order, then the ledger; null when everything verifies.</summary>
    public VerificationResult? FirstFailure => this.Releases.FirstOrDefault(r => !r.Verified) ?? (this.Ledger.Verified ? null : this.Ledger);
}

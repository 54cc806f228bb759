namespace ReleasePolicy.Approvals.Presentation;

/// <summary>Which tier of which chain is asking, and how many distinct people it needs.</summary>
/// <param name="ChainName">The chain's name from the policy, e.g. <c>oversight.cab</c>.</param>
/// <param name="Index">The tier's 0-based index in the chain (shown 1-based).</param>
/// <param name="TierCount">How many tiers the chain has.</param>
public sealed record SummaryTier(string ChainName, string TierName, int Index, int TierCount, int Quorum);

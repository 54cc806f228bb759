namespace ReleasePolicy.Policy.Store;

/// <summary>Section <c>ReleasePolicy:Policy</c>.</summary>
public sealed class PolicyStoreOptions
{
    /// <summary>The container of the policy versions (under <c>policies/</c>): the evidence container, so they share its retention.</summary>
    public string Container { get; set; } = "evidence";

    /// <summary>
    /// Publish the built-in sample policy when none is published. Only the local host turns this on: in Azure the first
    /// policy is published explicitly by the administrator (<c>PUT /api/policy</c>).
    /// </summary>
    public bool SeedSamplePolicy { get; set; }
}

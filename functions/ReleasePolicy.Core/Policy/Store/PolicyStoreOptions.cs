namespace ReleasePolicy.Policy.Store;

/// <summary>Section <c>ReleasePolicy:Policy</c>.</summary>
public sealed class PolicyStoreOptions
{
    public string Container { get; set; } = "policies";

    /// <summary>
    /// Publish the built-in sample policy when none is published. Only the local host turns this on: in Azure the first
    /// policy is published explicitly by the administrator (<c>PUT /api/policy</c>).
    /// </summary>
    public bool SeedSamplePolicy { get; set; }
}

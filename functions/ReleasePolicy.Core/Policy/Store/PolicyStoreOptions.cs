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

    /// <summary>
    /// With <see cref="SeedSamplePolicy"/>: seed this file's policy text instead of the built-in sample (tests seed
    /// the sample without its calendar this way). A file that cannot be read or is not a valid policy stops the host
    /// at start-up; without <see cref="SeedSamplePolicy"/> the setting is ignored, as nothing is seeded.
    /// </summary>
    public string? SeedPolicyFile { get; set; }
}

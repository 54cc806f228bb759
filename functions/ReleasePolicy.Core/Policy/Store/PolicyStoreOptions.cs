namespace ReleasePolicy.Policy.Store;

/// <summary>Section <c>ReleasePolicy:Policy</c>.</summary>
public sealed class PolicyStoreOptions
{
    public string Container { get; set; } = "policies";
}

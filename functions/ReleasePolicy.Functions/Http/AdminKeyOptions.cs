namespace ReleasePolicy.Functions.Http;

/// <summary>
/// The policy administrator's key (<c>ReleasePolicy:AdminKey</c>; in Azure a Key Vault reference). Only a request
/// presenting this key may publish policy; pipeline keys are refused. Empty means publishing is closed.
/// </summary>
public sealed class AdminKeyOptions
{
    public string? AdminKey { get; set; }
}

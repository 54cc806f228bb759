namespace ReleasePolicy.Functions.Http;

/// <summary>
/// The policy administrator's key (<c>ReleasePolicy:AdminKey</c>; in Azure a Key Vault reference). Only a request
/// presenting this key may publish policy; pipeline keys are refused. Empty means publishing is closed.
/// </summary>
public sealed class AdminKeyOptions
{
    public string? AdminKey { get; set; }

    /// <summary>
    /// False when no key is set, and also when App Service could not resolve the Key Vault reference: it then
    /// hands the app the literal <c>@Microsoft.KeyVault(...)</c> text, which must never work as a key.
    /// </summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(this.AdminKey) && !this.AdminKey.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);

    public bool Accepts(string? presented) => this.IsConfigured && PresentedKey.Matches(presented, this.AdminKey);
}

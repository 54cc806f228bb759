namespace ReleasePolicy.Access;

/// <summary>
/// Section <c>ReleasePolicy:ApiKeys</c>: named keys, each standing for one principal with its roles. In Azure each
/// <c>Secret</c> is a Key Vault reference; locally the host supplies documented development keys.
/// </summary>
public sealed class ApiKeyOptions
{
    public Dictionary<string, ApiKeyDefinition> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One named key (<c>ReleasePolicy:ApiKeys:{name}:Secret</c>, <c>:Principal</c>, <c>:Kind</c>, <c>:Roles:0</c>…).</summary>
public sealed class ApiKeyDefinition
{
    /// <summary>Shorter secrets are refused: a guessable key is no key.</summary>
    public const int MinimumSecretLength = 16;

    public string? Secret { get; set; }

    /// <summary>The principal name the key stands for; the key's name when empty.</summary>
    public string? Principal { get; set; }

    public CallerKind Kind { get; set; } = CallerKind.Pipeline;

    public List<string> Roles { get; } = [];

    /// <summary>
    /// False for an absent or short secret, and for the literal <c>@Microsoft.KeyVault(...)</c> text App Service hands
    /// over when it could not resolve the reference: that text must never work as a key.
    /// </summary>
    public bool IsUsable =>
        this.Secret is { Length: >= MinimumSecretLength } secret
        && !secret.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}

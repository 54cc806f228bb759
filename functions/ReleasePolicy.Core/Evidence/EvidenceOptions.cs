namespace ReleasePolicy.Evidence;

/// <summary>Section <c>ReleasePolicy:Evidence</c>.</summary>
public sealed class EvidenceOptions
{
    public const string SectionName = "ReleasePolicy:Evidence";

    /// <summary>The one container holding every release's records, manifests and the daily ledger.</summary>
    public string Container { get; set; } = "evidence";

    /// <summary>The table indexing sealed release heads by UTC day, read when a day's ledger is sealed.</summary>
    public string LedgerTable { get; set; } = "evidenceledger";

    public ImmutabilityMode ImmutabilityMode { get; set; } = ImmutabilityMode.Unlocked;

    /// <summary>Per-blob retention when storage enforces immutability; 2,555 days = 7 years (SOX).</summary>
    public int RetentionDays { get; set; } = 2555;

    /// <summary>A PKCS#8 EC P-256 private key in PEM (from Key Vault in Azure). Wins over <see cref="SigningKeyPath"/>.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>A PEM file holding the signing key; generated on first use when absent (local development).</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>
    /// How long after midnight UTC a day's ledger may be sealed: a release sealed at 23:59:59 must have reached the
    /// ledger index before its day is closed.
    /// </summary>
    public TimeSpan LedgerGrace { get; set; } = TimeSpan.FromMinutes(10);
}

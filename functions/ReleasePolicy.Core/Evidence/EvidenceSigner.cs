using System.Security.Cryptography;

namespace ReleasePolicy.Evidence;

/// <summary>
/// Signs manifests and ledgers with ECDSA P-256 / SHA-256 in DER, the form <c>openssl dgst -sha256 -verify</c> reads.
/// Older keys can be given as <paramref name="previousKeys"/> so the published key set keeps verifying old seals after a rotation.
/// </summary>
public sealed class EvidenceSigner : IDisposable
{
    private readonly ECDsa key;

    public EvidenceSigner(ECDsa key, IEnumerable<EvidencePublicKey>? previousKeys = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("The evidence signing key must be EC P-256.", nameof(key));
        }

        this.key = key;
        this.PublicKey = EvidencePublicKey.FromKey(key);
        this.VerificationKeys = new EvidenceKeySet([this.PublicKey, .. previousKeys ?? []]);
    }

    public EvidencePublicKey PublicKey { get; }

    public string Kid => this.PublicKey.Kid;

    /// <summary>The current key and every older one still trusted: what the JWKS endpoint and exports publish.</summary>
    public EvidenceKeySet VerificationKeys { get; }

    public static EvidenceSigner FromPem(string privateKeyPem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        return new EvidenceSigner(key);
    }

    public static EvidenceSigner Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        this.key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public string ExportPrivateKeyPem() => this.key.ExportPkcs8PrivateKeyPem() + "\n";

    public void Dispose() => this.key.Dispose();
}

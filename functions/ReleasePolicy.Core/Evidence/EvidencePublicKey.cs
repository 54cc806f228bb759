using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ReleasePolicy.Evidence;

/// <summary>A P-256 verification key, named by its RFC 7638 JWK thumbprint (<c>kid</c>).</summary>
public sealed class EvidencePublicKey
{
    private readonly ECParameters parameters;

    private EvidencePublicKey(ECParameters parameters)
    {
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value || parameters.Q.X is not { Length: 32 } || parameters.Q.Y is not { Length: 32 })
        {
            throw new ArgumentException("Evidence keys are EC P-256.", nameof(parameters));
        }

        this.parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = parameters.Q };
        this.X = Base64Url.EncodeToString(parameters.Q.X);
        this.Y = Base64Url.EncodeToString(parameters.Q.Y);
        this.Kid = Thumbprint(this.X, this.Y);
    }

    public string Kid { get; }

    /// <summary>base64url of the x coordinate, as in a JWK.</summary>
    public string X { get; }

    public string Y { get; }

    public static EvidencePublicKey FromKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new EvidencePublicKey(key.ExportParameters(includePrivateParameters: false));
    }

    /// <summary>A SubjectPublicKeyInfo (<c>-----BEGIN PUBLIC KEY-----</c>) or an EC private key PEM (its public half).</summary>
    public static EvidencePublicKey FromPem(string pem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return FromKey(key);
    }

    public static EvidencePublicKey FromJwk(string x, string y) =>
        new(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(x), Y = Base64Url.DecodeFromChars(y) },
        });

    public string ExportPem()
    {
        using ECDsa key = ECDsa.Create(this.parameters);
        return key.ExportSubjectPublicKeyInfoPem() + "\n";
    }

    /// <summary>Checks a DER (RFC 3279) ECDSA signature over SHA-256 of <paramref name="data"/>, as <c>openssl dgst -sha256 -verify</c> does.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> derSignature)
    {
        using ECDsa key = ECDsa.Create(this.parameters);
        return key.VerifyData(data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>RFC 7638: SHA-256 over the required members in lexical order, no whitespace, base64url.</summary>
    private static string Thumbprint(string x, string y)
    {
        string canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

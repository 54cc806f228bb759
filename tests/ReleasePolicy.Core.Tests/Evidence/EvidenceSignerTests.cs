using System.Text;
using ReleasePolicy.Evidence;

namespace ReleasePolicy.Core.Tests.Evidence;

public sealed class EvidenceSignerTests
{
    [Fact]
    public void Sign_ThenVerifyWithPublishedPem_Succeeds()
    {
        using EvidenceSigner signer = EvidenceSigner.Generate();
        byte[] data = "manifest"u8.ToArray();

        EvidenceKeySet published = EvidenceKeySet.Parse(signer.VerificationKeys.ToPem());

        Assert.True(published.Find(signer.Kid)!.Verify(data, signer.Sign(data)));
        Assert.False(published.Find(signer.Kid)!.Verify("manifesT"u8, signer.Sign(data)));
    }

    [Fact]
    public void ToJwks_RoundTrips_KidIsTheSameThumbprint()
    {
        using EvidenceSigner signer = EvidenceSigner.Generate();

        string jwks = signer.VerificationKeys.ToJwks();
        EvidenceKeySet parsed = EvidenceKeySet.Parse(jwks);

        Assert.Contains($"\"kid\": \"{signer.Kid}\"", jwks, StringComparison.Ordinal);
        Assert.Contains("\"alg\": \"ES256\"", jwks, StringComparison.Ordinal);
        Assert.Equal(signer.Kid, Assert.Single(parsed.Keys).Kid);
        Assert.Equal(43, signer.Kid.Length);
    }

    [Fact]
    public void FromPem_PrivateKeyReloaded_KeepsTheSameKid()
    {
        using EvidenceSigner signer = EvidenceSigner.Generate();
        using EvidenceSigner reloaded = EvidenceSigner.FromPem(signer.ExportPrivateKeyPem());

        Assert.Equal(signer.Kid, reloaded.Kid);
    }

    [Fact]
    public void VerificationKeys_AfterRotation_KeepTheOldKey()
    {
        using EvidenceSigner old = EvidenceSigner.Generate();
        using var current = new EvidenceSigner(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256), [old.PublicKey]);
        byte[] data = Encoding.UTF8.GetBytes("sealed last year");

        EvidenceKeySet published = EvidenceKeySet.Parse(current.VerificationKeys.ToJwks());

        Assert.Equal(2, published.Keys.Count);
        Assert.True(published.Find(old.Kid)!.Verify(data, old.Sign(data)));
    }

    [Fact]
    public void Load_PathWithoutFile_GeneratesTheKeyOnceAndReusesIt()
    {
        string path = Path.Combine(Path.GetTempPath(), "evidence-key-" + Guid.NewGuid().ToString("N"), "key.pem");
        var options = new EvidenceOptions { SigningKeyPath = path };

        using EvidenceSigner first = EvidenceSigningKeyLoader.Load(options);
        using EvidenceSigner second = EvidenceSigningKeyLoader.Load(options);

        Assert.True(File.Exists(path));
        Assert.Equal(first.Kid, second.Kid);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void Load_NoKeyConfigured_ThrowsNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EvidenceSigningKeyLoader.Load(new EvidenceOptions()));

        Assert.Contains("SigningKeyPem", error.Message, StringComparison.Ordinal);
    }
}

using ReleasePolicy.Evidence;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>One evidence signing key for the whole test run, generated at first use (never a file in the repository).</summary>
internal static class TestSigningKey
{
    private static readonly Lazy<string> Generated = new(() =>
    {
        using EvidenceSigner signer = EvidenceSigner.Generate();
        return signer.ExportPrivateKeyPem();
    });

    public static string Pem => Generated.Value;
}

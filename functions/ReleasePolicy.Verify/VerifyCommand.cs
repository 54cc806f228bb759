using System.Text;
using ReleasePolicy.Evidence;

namespace ReleasePolicy.Verify;

/// <summary>
/// <c>verify &lt;export.zip | container-copy-folder&gt; [--key public-key.pem|jwks.json]</c>: exit 0 and "verified",
/// 1 and the first broken blob with the reason, 2 on bad usage.
/// </summary>
internal static class VerifyCommand
{
    public const int Verified = 0;
    public const int Broken = 1;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? path = null;
        string? keyPath = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--key" && i + 1 < args.Length)
            {
                keyPath = args[++i];
            }
            else if (path is null && !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                path = args[i];
            }
            else
            {
                return Fail(error, $"unexpected argument '{args[i]}'");
            }
        }

        if (path is null || !(File.Exists(path) || Directory.Exists(path)))
        {
            return Fail(error, path is null ? "no export or folder given" : $"'{path}' does not exist");
        }

        Dictionary<string, ReadOnlyMemory<byte>> files = EvidenceFiles.Load(path);
        EvidenceKeySet keys;
        try
        {
            keys = keyPath is not null ? EvidenceKeySet.Parse(File.ReadAllText(keyPath)) : ShippedKeys(files, output);
        }
        catch (Exception ex) when (ex is FormatException or IOException or System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            return Fail(error, "cannot read the verification key: " + ex.Message);
        }

        ContainerVerification result = EvidenceVerifier.VerifyContainer(files, keys);
        foreach (VerificationResult release in result.Releases)
        {
            output.WriteLine(release.ToString());
        }

        output.WriteLine(result.Ledger.Sealed ? result.Ledger.ToString() : "ledger: none in this copy (an export has none; a container copy gets one per ended day)");
        if (result.Releases.Count == 0)
        {
            output.WriteLine("BROKEN: no release evidence found");
            return Broken;
        }

        VerificationResult? failure = result.FirstFailure;
        if (failure is null)
        {
            output.WriteLine("verified");
            return Verified;
        }

        output.WriteLine($"BROKEN: first broken record {failure.FirstBrokenRecord}{(failure.Sequence is int s ? $" (sequence {s})" : string.Empty)}: {failure.Reason}");
        return Broken;
    }

    /// <summary>Without <c>--key</c>: the key shipped in the export, trusted on first use — and said so.</summary>
    private static EvidenceKeySet ShippedKeys(Dictionary<string, ReadOnlyMemory<byte>> files, TextWriter output)
    {
        if (files.TryGetValue(EvidenceExporter.JwksFile, out ReadOnlyMemory<byte> jwks))
        {
            output.WriteLine($"note: no --key given; trusting the key shipped in {EvidenceExporter.JwksFile} (trust on first use). Pass --key with the publisher's key to rule out a re-signed copy.");
            return EvidenceKeySet.FromJwks(Encoding.UTF8.GetString(jwks.Span));
        }

        if (files.TryGetValue(EvidenceExporter.PublicKeyFile, out ReadOnlyMemory<byte> pem))
        {
            output.WriteLine($"note: no --key given; trusting the key shipped in {EvidenceExporter.PublicKeyFile} (trust on first use). Pass --key with the publisher's key to rule out a re-signed copy.");
            return EvidenceKeySet.FromPem(Encoding.ASCII.GetString(pem.Span));
        }

        throw new FormatException("no --key given and the copy ships no public-key.pem or jwks.json");
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine("error: " + message);
        error.WriteLine("usage: ReleasePolicy.Verify <export.zip | container-copy-folder> [--key public-key.pem|jwks.json]");
        return Usage;
    }
}

using System.IO.Compression;
using System.Text;

namespace ReleasePolicy.Evidence;

/// <summary>
/// A release's evidence as a zip an auditor can check with their own tools: the blobs under their container paths,
/// <c>public-key.pem</c>, <c>jwks.json</c> and a <c>VERIFY.md</c> whose commands work as written.
/// </summary>
public static class EvidenceExporter
{
    public const string PublicKeyFile = "public-key.pem";
    public const string JwksFile = "jwks.json";
    public const string InstructionsFile = "VERIFY.md";

    /// <param name="files">The release's blobs (from <see cref="IEvidenceStore.DownloadReleaseAsync"/>).</param>
    /// <param name="keys">The published verification keys (every key, so a release sealed before a rotation verifies too).</param>
    public static byte[] Export(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, string service, string releaseId, EvidenceKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(keys);
        string prefix = EvidenceLayout.ReleasePrefix(service, releaseId);
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (string name in files.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                Add(zip, name, files[name].Span);
            }

            Add(zip, PublicKeyFile, Encoding.ASCII.GetBytes(keys.ToPem()));
            Add(zip, JwksFile, Encoding.UTF8.GetBytes(keys.ToJwks()));
            Add(zip, InstructionsFile, Encoding.UTF8.GetBytes(VerifyInstructions.For(service, releaseId)));
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, ReadOnlySpan<byte> content)
    {
        // A fixed timestamp: the same evidence exports to the same zip.
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using Stream stream = entry.Open();
        stream.Write(content);
    }
}

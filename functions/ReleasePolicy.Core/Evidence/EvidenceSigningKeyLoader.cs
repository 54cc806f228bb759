namespace ReleasePolicy.Evidence;

/// <summary>
/// The signing key from configuration: the PEM itself (Key Vault reference in Azure) or a file, which local
/// development generates on first use so nobody has to mint a key by hand.
/// </summary>
public static class EvidenceSigningKeyLoader
{
    public static EvidenceSigner Load(EvidenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.SigningKeyPem))
        {
            return EvidenceSigner.FromPem(options.SigningKeyPem);
        }

        if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
        {
            throw new InvalidOperationException(
                $"Set {EvidenceOptions.SectionName}:SigningKeyPem or {EvidenceOptions.SectionName}:SigningKeyPath: evidence cannot be sealed without a signing key.");
        }

        return EvidenceSigner.FromPem(ReadOrCreate(options.SigningKeyPath));
    }

    private static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using EvidenceSigner fresh = EvidenceSigner.Generate();
        string pem = fresh.ExportPrivateKeyPem();
        try
        {
            // CreateNew: two hosts starting together must not each write (and then sign with) a different key.
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(pem);
            return pem;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path);
        }
    }
}

using System.IO.Compression;

namespace ReleasePolicy.Verify;

/// <summary>Reads an export zip or a folder (a downloaded container copy) into blob name → bytes.</summary>
internal static class EvidenceFiles
{
    public static Dictionary<string, ReadOnlyMemory<byte>> Load(string path)
    {
        var files = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        if (Directory.Exists(path))
        {
            foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(path, file).Replace('\\', '/')] = File.ReadAllBytes(file);
            }

            return files;
        }

        using ZipArchive zip = ZipFile.OpenRead(path);
        foreach (ZipArchiveEntry entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            using Stream stream = entry.Open();
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[entry.FullName] = buffer.ToArray();
        }

        return files;
    }
}

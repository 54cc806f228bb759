using System.Security.Cryptography;
using System.Text;

namespace ReleasePolicy.Testing;

/// <summary>
/// Writes a policy text to a file a host can seed from (<c>ReleasePolicy:Policy:SeedPolicyFile</c>). The file is named
/// by the text's hash, so every host seeding the same text shares one file and parallel tests never see a half-written one.
/// </summary>
internal static class SeedPolicyFile
{
    public const string Setting = "ReleasePolicy:Policy:SeedPolicyFile";

    public static string For(string policyText)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policyText)))[..16];
        string path = Path.Combine(Path.GetTempPath(), $"releasepolicy-seed-{hash}.yaml");
        if (!File.Exists(path))
        {
            // Written aside and renamed into place: a rename is atomic, so a reader sees all of the file or none.
            string partial = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(partial, policyText);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }
}

using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using ReleasePolicy.Evidence;
using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>An export verifies with the offline tool alone, and its VERIFY.md commands work as written.</summary>
public sealed partial class EvidenceExportTests
{
    private const string Release = "rel-export";

    [Fact]
    public async Task Export_OfASealedRelease_VerifiesWithTheOfflineToolAndItsShippedKey()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        string zip = await ExportAsync(test);

        (int exit, string output) = OfflineVerifier.Run(zip);

        Assert.Equal(0, exit);
        Assert.Contains("trust on first use", output, StringComparison.Ordinal);
        Assert.Contains("releases/payments-api/rel-export: verified (5 records, sealed", output, StringComparison.Ordinal);
        File.Delete(zip);
    }

    [Fact]
    public async Task Export_ResignedByAnAttacker_PassesOnlyOnItsOwnShippedKeyAndFailsWithThePublishersKey()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        await test.SealedReleaseAsync(Release);
        EvidencePublicKey forgersKey = await EvidenceTamperTests.ResignAsync(test.Container, Release);
        var files = await test.Store.DownloadReleaseAsync(SampleEvidence.Service, Release);
        string zip = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllBytesAsync(zip, EvidenceExporter.Export(files, SampleEvidence.Service, Release, new EvidenceKeySet([forgersKey])));
        string publisherKey = Path.ChangeExtension(zip, ".pem");
        await File.WriteAllTextAsync(publisherKey, test.Signer.VerificationKeys.ToPem());

        (int trusting, string trustingOutput) = OfflineVerifier.Run(zip);
        (int pinned, string pinnedOutput) = OfflineVerifier.Run(zip, "--key", publisherKey);

        // Trust on first use cannot tell a forger's consistent export from ours: that is what --key is for.
        Assert.Equal(0, trusting);
        Assert.Contains("trust on first use", trustingOutput, StringComparison.Ordinal);
        Assert.Equal(1, pinned);
        Assert.Contains($"BROKEN: first broken record {EvidenceLayout.ManifestName(SampleEvidence.Service, Release)}", pinnedOutput, StringComparison.Ordinal);
        Assert.Contains("not a trusted key", pinnedOutput, StringComparison.Ordinal);
        File.Delete(zip);
        File.Delete(publisherKey);
    }

    [Fact]
    public async Task VerifyMd_CommandsAsWritten_ReportSuccessOnTheExport()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        string folder = Unzip(await ExportAsync(test));

        string output = await RunInstructionsAsync(folder);

        Assert.Contains("records OK", output, StringComparison.Ordinal);
        Assert.Contains("chain OK", output, StringComparison.Ordinal);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
        Assert.DoesNotContain("BROKEN", output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task VerifyMd_CommandsAsWritten_ReportFailureOnATamperedCopy()
    {
        using EvidenceTestStore test = await EvidenceTestStore.CreateAsync();
        string folder = Unzip(await ExportAsync(test));
        string record = Path.Combine(folder, "releases", SampleEvidence.Service, Release, "000002-signal.json");
        byte[] bytes = await File.ReadAllBytesAsync(record);
        bytes[^20] ^= 0x20;
        await File.WriteAllBytesAsync(record, bytes);

        string output = await RunInstructionsAsync(folder);

        Assert.Contains("records BROKEN", output, StringComparison.Ordinal);
        Assert.Contains("chain BROKEN at 000003-signal.json", output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> ExportAsync(EvidenceTestStore test)
    {
        await test.SealedReleaseAsync(Release);
        var files = await test.Store.DownloadReleaseAsync(SampleEvidence.Service, Release);
        string zip = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllBytesAsync(zip, EvidenceExporter.Export(files, SampleEvidence.Service, Release, test.Signer.VerificationKeys));
        return zip;
    }

    internal static string Unzip(string zip)
    {
        string folder = Directory.CreateTempSubdirectory("evidence-export-").FullName;
        ZipFile.ExtractToDirectory(zip, folder);
        File.Delete(zip);
        return folder;
    }

    /// <summary>Runs every ```bash block of VERIFY.md, as written, in the unzipped folder.</summary>
    internal static async Task<string> RunInstructionsAsync(string folder)
    {
        string markdown = await File.ReadAllTextAsync(Path.Combine(folder, EvidenceExporter.InstructionsFile));
        string[] blocks = BashBlock().Matches(markdown).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(3, blocks.Length);
        string script = Path.Combine(folder, "..", Path.GetFileName(folder) + ".sh");
        await File.WriteAllTextAsync(script, string.Join("\n", blocks));
        var start = new ProcessStartInfo("bash", [script]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        File.Delete(script);
        return await stdout + await stderr;
    }

    [GeneratedRegex("```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}

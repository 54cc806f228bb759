using System.Diagnostics;

namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>infra/main.bicep compiles and lints clean with the real Bicep compiler (restored from NuGet by the script).</summary>
public sealed class BicepCompileTests
{
    [Fact]
    public async Task MainBicep_BuildAndLint_ReportNoErrorOrWarning()
    {
        string root = FindRepoRoot();
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(root, "infra", "scripts", "bicep-check.sh"));
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, $"bicep-check.sh failed ({process.ExitCode}):\n{await output}\n{await errors}");
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReleasePolicy.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ReleasePolicy.Functions.sln not found above " + AppContext.BaseDirectory);
    }
}

using ReleasePolicy.Verify;

namespace ReleasePolicy.IntegrationTests.Evidence;

/// <summary>Runs the offline verifier's entry point in-process and captures what it prints.</summary>
internal static class OfflineVerifier
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = VerifyCommand.Run(args, output, error);
        return (exit, output.ToString() + error);
    }
}

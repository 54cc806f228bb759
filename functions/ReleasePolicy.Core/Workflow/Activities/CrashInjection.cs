using Microsoft.Extensions.Options;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>
/// Section <c>ReleasePolicy:Testing</c>: a fault-injection hook for crash tests, off unless both settings are given.
/// The process dies (no shutdown code runs, as with SIGKILL) right after the evidence record of kind
/// <see cref="CrashAfterEvidence"/> is written and before its activity completes, once: the marker file makes the
/// restarted host carry on. Never set it in a deployment.
/// </summary>
public sealed class CrashInjectionOptions
{
    public string? CrashAfterEvidence { get; set; }

    public string? CrashMarker { get; set; }
}

/// <summary>Applies <see cref="CrashInjectionOptions"/>.</summary>
public sealed class CrashInjection(IOptions<CrashInjectionOptions> options)
{
    public void AfterEvidenceWritten(string kind)
    {
        CrashInjectionOptions settings = options.Value;
        if (settings.CrashAfterEvidence is not { Length: > 0 } target
            || settings.CrashMarker is not { Length: > 0 } marker
            || !string.Equals(target, kind, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            using (new FileStream(marker, FileMode.CreateNew, FileAccess.Write))
            {
            }
        }
        catch (IOException)
        {
            return; // crashed once already: this run carries on
        }

        Environment.FailFast($"Crash injected after writing the '{kind}' evidence record (ReleasePolicy:Testing:CrashAfterEvidence).");
    }
}

using System.Globalization;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Readiness;

/// <summary>
/// The rootCauseAnalysis gate (RP-10): once a service has had the policy's number of emergency releases within the
/// repeat window, its next release must carry a root-cause analysis reference. Pure: the caller counts the emergencies.
/// </summary>
internal static class RootCauseAnalysisGate
{
    public static GateResult Evaluate(int recentEmergencies, string service, EmergencyPolicy? emergency, RootCauseAnalysisEvidence? rca)
    {
        if (emergency is null)
        {
            return new GateResult(GateNames.RootCauseAnalysis, GateOutcome.Waived, null, null, "the policy sets no emergency repeat rule (approvals.emergency)");
        }

        // A negative count can only be a caller's defect; it must not make the gate easier to pass, nor throw.
        var count = Math.Max(0, recentEmergencies);
        var window = Describe(emergency.RepeatWindow);
        var invariant = CultureInfo.InvariantCulture;
        var measured = string.Create(invariant, $"{count} emergency release{(count == 1 ? string.Empty : "s")} in {window}");
        var threshold = string.Create(invariant, $"RCA reference from {emergency.RootCauseAnalysisAfter} emergency releases in {window}");
        if (count < emergency.RootCauseAnalysisAfter)
        {
            return new GateResult(
                GateNames.RootCauseAnalysis,
                GateOutcome.Waived,
                measured,
                threshold,
                string.Create(invariant, $"{measured} of {service}; a root-cause analysis is required from {emergency.RootCauseAnalysisAfter}"));
        }

        if (!string.IsNullOrWhiteSpace(rca?.Reference))
        {
            return new GateResult(
                GateNames.RootCauseAnalysis, GateOutcome.Pass, measured, threshold, $"root-cause analysis {rca.Reference} is on record after {measured} of {service}");
        }

        return new GateResult(
            GateNames.RootCauseAnalysis,
            GateOutcome.Fail,
            measured,
            threshold,
            $"{measured} of {service} (the policy's limit is {emergency.RootCauseAnalysisAfter}): a root-cause analysis reference (rootCauseAnalysis.reference) is required before the next release passes readiness");
    }

    /// <summary>Whole days read as days ("30 days"); anything else as the duration ("12:00:00").</summary>
    private static string Describe(TimeSpan window) =>
        window.Ticks % TimeSpan.TicksPerDay == 0
            ? string.Create(CultureInfo.InvariantCulture, $"the last {window.Days} day{(window.Days == 1 ? string.Empty : "s")}")
            : $"the last {DurationText.Format(window)}";
}

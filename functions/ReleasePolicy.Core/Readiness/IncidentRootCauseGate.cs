using System.Globalization;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Readiness;

/// <summary>
/// The incidentRootCause gate: after a rollback, the service's incident owes a root-cause analysis, and its next release
/// to the same environment does not pass readiness until the owner files it (<c>POST /api/incidents/{id}/rca</c>). The
/// policy's <c>monitoring.incidents</c> may turn the rule off or exempt release types (an emergency fix must still
/// ship); the owed ids are then named in the waiver, so the audit shows what was let through. Pure: the caller finds
/// the owed incidents.
/// </summary>
internal static class IncidentRootCauseGate
{
    /// <summary>At most this many ids are named in a reason; the count is always exact.</summary>
    private const int MaxNamed = 10;

    public static GateResult Evaluate(IReadOnlyList<string> owed, string service, string environment, ReleaseType type, MonitoringPolicy monitoring)
    {
        if (!monitoring.Governed)
        {
            return Waived("the policy has no monitoring section, so rollbacks open no incidents that owe a root-cause analysis");
        }

        string measured = Measured(owed);
        const string threshold = "no incident owing a root-cause analysis";
        string where = $"{service} in {environment}";
        if (!monitoring.Incidents.RootCauseAnalysisRequired)
        {
            return new GateResult(GateNames.IncidentRootCause, GateOutcome.Waived, measured, threshold, owed.Count == 0
                ? "the policy does not require a root-cause analysis after a rollback (monitoring.incidents.rootCauseAnalysisRequired: false)"
                : $"the policy does not require a root-cause analysis after a rollback (monitoring.incidents.rootCauseAnalysisRequired: false); {Owing(owed, where)}");
        }

        if (monitoring.Incidents.ExemptReleaseTypes.Contains(type))
        {
            return new GateResult(GateNames.IncidentRootCause, GateOutcome.Waived, measured, threshold, owed.Count == 0
                ? $"{type.ToPolicyName()} releases are exempt (monitoring.incidents.exemptReleaseTypes)"
                : $"{type.ToPolicyName()} releases are exempt (monitoring.incidents.exemptReleaseTypes); {Owing(owed, where)}");
        }

        if (owed.Count == 0)
        {
            return new GateResult(GateNames.IncidentRootCause, GateOutcome.Pass, measured, threshold, $"no incident of {where} owes a root-cause analysis");
        }

        string routes = string.Join(", ", owed.Take(MaxNamed).Select(id => $"POST /api/incidents/{id}/rca"));
        return new GateResult(
            GateNames.IncidentRootCause,
            GateOutcome.Fail,
            measured,
            threshold,
            $"{Owing(owed, where)}: the service's owner must file it ({routes}) before the next release passes readiness");
    }

    private static string Measured(IReadOnlyList<string> owed) =>
        string.Create(CultureInfo.InvariantCulture, $"{owed.Count} incident{(owed.Count == 1 ? string.Empty : "s")} owing a root-cause analysis");

    private static string Owing(IReadOnlyList<string> owed, string where)
    {
        string named = string.Join(", ", owed.Take(MaxNamed));
        string more = owed.Count > MaxNamed ? string.Create(CultureInfo.InvariantCulture, $" and {owed.Count - MaxNamed} more") : string.Empty;
        return owed.Count == 1
            ? $"incident {named} of {where} owes a root-cause analysis"
            : string.Create(CultureInfo.InvariantCulture, $"{owed.Count} incidents of {where} owe a root-cause analysis ({named}{more})");
    }

    private static GateResult Waived(string reason) => new(GateNames.IncidentRootCause, GateOutcome.Waived, null, null, reason);
}

using System.Globalization;
using System.Text;
using ReleasePolicy.Policy;
using ReleasePolicy.Risk;

namespace ReleasePolicy.Readiness;

/// <summary>
/// Decides whether a release may proceed under a policy. Pure and deterministic: the same request, policy and
/// <c>now</c> always give the same decision, so it can run inside a Durable activity and be replayed or audited.
/// </summary>
public static class ReadinessEvaluator
{
    /// <summary>Rollback rehearsals only count when done here, where production-like data and topology exist.</summary>
    public const string RehearsalEnvironment = "staging";

    public static ReadinessDecision Evaluate(ReadinessRequest request, PolicyDocument policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);

        var index = PolicyIndex.For(policy);
        var serviceKnown = index.TryGetService(request.Service, out var service);
        var environmentKnown = index.TryGetEnvironment(request.Environment, out var environment);
        if (!serviceKnown || !environmentKnown)
        {
            return OutOfScope(request, policy, serviceKnown, environmentKnown);
        }

        if (!ReleaseTypeNames.TryParse(request.ReleaseType, out var type))
        {
            var reason = $"unknown release type '{request.ReleaseType}'; expected one of major, minor, patch, emergency";
            return new ReadinessDecision(
                request.Service, request.Version, request.Environment, request.ReleaseType, policy.Version,
                Governed: true, ReadinessVerdict.Rejected, [reason], RiskAssessment: null, Gates: [],
                Oversight: null, index.Ownership(service.Name)?.Ownership, PostFactoReviewRequired: false, Rto: null);
        }

        var typeIndex = index.Types[(int)type];
        var rules = typeIndex.Policy;
        var evidence = request.Evidence ?? ReleaseEvidence.Empty;
        var ownership = index.Ownership(service.Name);

        var gates = new List<GateResult>(16)
        {
            InitiatorGate(request, service, ownership),
            CoverageGate(evidence, rules, typeIndex),
        };
        AddScanGates(gates, evidence.ScanFindings, rules.MaxScanFindings, typeIndex);
        gates.Add(RunbookGate(evidence.Runbook, rules, typeIndex));
        gates.Add(RollbackPlanGate(evidence.Rollback, rules));
        gates.Add(RollbackRehearsalGate(evidence.Rollback, rules, typeIndex, now));
        gates.Add(LoadTestGate(evidence.LoadTest, rules, service));
        gates.Add(PeerReviewGate(evidence.PeerReview, rules, typeIndex, request.RequestedBy));
        gates.Add(ChangeSummaryGate(evidence.Change));
        gates.Add(SchemaMigrationGate(evidence.SchemaMigration));
        gates.Add(RootCauseAnalysisGate.Evaluate(request.RecentEmergencies, service.Name, policy.Approvals.Emergency, evidence.RootCauseAnalysis));
        gates.Add(IncidentRootCauseGate.Evaluate(request.OwedRootCauseIncidents ?? [], service.Name, request.Environment, type, policy.Monitoring));

        var risk = RiskScorer.Score(RiskInputsFor(service, environment, evidence, rules, now), policy.Risk);

        List<string>? reasons = null;
        foreach (var gate in gates)
        {
            if (gate.Outcome == GateOutcome.Fail)
            {
                (reasons ??= []).Add(gate.Reason);
            }
        }

        return new ReadinessDecision(
            request.Service,
            request.Version,
            request.Environment,
            type.ToPolicyName(),
            policy.Version,
            Governed: true,
            reasons is null ? ReadinessVerdict.Ready : ReadinessVerdict.Rejected,
            (IReadOnlyList<string>?)reasons ?? [],
            risk,
            gates,
            typeIndex.Oversight[(int)risk.Level],
            ownership?.Ownership,
            rules.PostFactoReviewRequired || type == ReleaseType.Emergency,
            rules.Rto);
    }

    /// <summary>
    /// Builds the risk model's inputs. Evidence that is missing is scored as the worst case, so a release cannot look
    /// safer by omitting information (its gates fail as well).
    /// </summary>
    internal static RiskInputs RiskInputsFor(
        GovernedService service,
        GovernedEnvironment environment,
        ReleaseEvidence evidence,
        ReleaseTypePolicy rules,
        DateTimeOffset now)
    {
        var change = evidence.Change;
        var schema = evidence.SchemaMigration;
        var migration = schema?.Present ?? true;
        return new RiskInputs(
            service.Tier,
            environment.Production,
            service.DependentsCount,
            change?.FilesChanged ?? RiskInputs.Unknown,
            change?.LinesChanged ?? RiskInputs.Unknown,
            change?.Dependencies?.Count ?? RiskInputs.Unknown,
            migration,
            IsRehearsed(evidence.Rollback, rules, now, out _),
            schema?.BackwardCompatible ?? false,
            schema?.DownMigrationTested ?? false);
    }

    private static ReadinessDecision OutOfScope(
        ReadinessRequest request, PolicyDocument policy, bool serviceKnown, bool environmentKnown)
    {
        var what = !serviceKnown
            ? $"service '{request.Service}' is not governed by policy {policy.Name} {policy.Version}"
            : $"environment '{request.Environment}' is not governed by policy {policy.Name} {policy.Version}";
        if (!serviceKnown && !environmentKnown)
        {
            what += $", nor is environment '{request.Environment}'";
        }

        var passThrough = policy.Scope.OutOfScope == OutOfScopeBehaviour.PassThrough;
        var reason = passThrough
            ? $"{what}; passed through ungoverned (outOfScope: passThrough)"
            : $"{what}; rejected (outOfScope: reject)";
        return new ReadinessDecision(
            request.Service, request.Version, request.Environment, request.ReleaseType, policy.Version,
            Governed: false,
            passThrough ? ReadinessVerdict.Ungoverned : ReadinessVerdict.Rejected,
            [reason], RiskAssessment: null, Gates: [], Oversight: null, Ownership: null,
            PostFactoReviewRequired: false, Rto: null);
    }

    private static GateResult InitiatorGate(
        ReadinessRequest request, GovernedService service, PolicyIndex.OwnershipEntry? ownership)
    {
        var requester = request.RequestedBy;
        if (ownership is null)
        {
            return Fail(GateNames.Initiator, requester, null, $"no RACI entry for {service.Name}; nobody may initiate a release");
        }

        if (!string.IsNullOrWhiteSpace(requester))
        {
            if (ownership.Initiators.Contains(requester))
            {
                return Pass(GateNames.Initiator, requester, ownership.InitiatorList, $"{requester} is an initiator for {service.Name}");
            }

            if (request.RequesterGroups is { } groups)
            {
                foreach (var group in groups)
                {
                    if (group is not null && ownership.Initiators.Contains(group))
                    {
                        return Pass(GateNames.Initiator, requester, ownership.InitiatorList, $"{requester} may initiate for {service.Name} through group {group}");
                    }
                }
            }
        }

        return Fail(
            GateNames.Initiator,
            requester,
            ownership.InitiatorList,
            $"'{requester}' is not an initiator for {service.Name} per RACI (allowed: {ownership.InitiatorList})");
    }

    private static GateResult CoverageGate(ReleaseEvidence evidence, ReleaseTypePolicy rules, PolicyIndex.TypeIndex index)
    {
        if (evidence.TestCoverage is not { } coverage)
        {
            return Fail(GateNames.Coverage, null, index.CoverageThreshold, "test coverage evidence (testCoverage) is missing");
        }

        var measured = coverage.ToString("0.###", CultureInfo.InvariantCulture);
        return coverage >= rules.MinCoverage
            ? Pass(GateNames.Coverage, measured, index.CoverageThreshold, "test coverage meets the minimum")
            : Fail(GateNames.Coverage, measured, index.CoverageThreshold, $"test coverage {measured} is below the minimum {rules.MinCoverage.ToString("0.###", CultureInfo.InvariantCulture)}");
    }

    private static void AddScanGates(
        List<GateResult> gates, ScanFindingsEvidence? scan, ScanThresholds limits, PolicyIndex.TypeIndex index)
    {
        gates.Add(ScanGate(GateNames.ScanCritical, "critical", scan?.Critical, limits.Critical, scan, index.ScanThresholds[0]));
        gates.Add(ScanGate(GateNames.ScanHigh, "high", scan?.High, limits.High, scan, index.ScanThresholds[1]));
        gates.Add(ScanGate(GateNames.ScanMedium, "medium", scan?.Medium, limits.Medium, scan, index.ScanThresholds[2]));
        gates.Add(ScanGate(GateNames.ScanLow, "low", scan?.Low, limits.Low, scan, index.ScanThresholds[3]));
    }

    private static GateResult ScanGate(
        string name, string severity, int? reported, int limit, ScanFindingsEvidence? scan, string threshold)
    {
        // Itemised findings can only raise the count: a summary that under-reports its own list is not trusted.
        var listed = CountListed(scan?.Findings, severity);
        int? count = reported is null && listed == 0 ? null : Math.Max(reported ?? 0, listed);
        if (count is null)
        {
            return Fail(name, null, threshold, $"scan findings evidence for {severity} severity (scanFindings.{severity}) is missing");
        }

        var measured = count.Value.ToString(CultureInfo.InvariantCulture);
        if (count <= limit)
        {
            return Pass(name, measured, threshold, $"{severity} scan findings within limit");
        }

        var reason = new StringBuilder();
        reason.Append(CultureInfo.InvariantCulture, $"{count} {severity} scan finding{(count == 1 ? string.Empty : "s")} exceed the limit of {limit}");
        if (listed > 0)
        {
            reason.Append(": ");
            var first = true;
            foreach (var finding in scan!.Findings!)
            {
                if (!IsSeverity(finding, severity))
                {
                    continue;
                }

                if (!first)
                {
                    reason.Append(", ");
                }

                first = false;
                reason.Append(finding.Id ?? "(no id)");
                if (!string.IsNullOrEmpty(finding.Title))
                {
                    reason.Append(" (").Append(finding.Title).Append(')');
                }
            }
        }

        return Fail(name, measured, threshold, reason.ToString());
    }

    private static int CountListed(IReadOnlyList<ScanFinding>? findings, string severity)
    {
        if (findings is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var finding in findings)
        {
            if (IsSeverity(finding, severity))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsSeverity(ScanFinding? finding, string severity) =>
        finding is not null && string.Equals(finding.Severity, severity, StringComparison.OrdinalIgnoreCase);

    private static GateResult RunbookGate(RunbookEvidence? runbook, ReleaseTypePolicy rules, PolicyIndex.TypeIndex index)
    {
        var required = rules.RequiredRunbookSections;
        if (required.Count == 0)
        {
            return Waived(GateNames.Runbook, "no runbook sections are required for this release type");
        }

        if (runbook is null)
        {
            return Fail(GateNames.Runbook, null, index.RunbookThreshold, "runbook evidence is missing");
        }

        var present = runbook.Sections ?? [];
        List<string>? missing = null;
        foreach (var section in required)
        {
            if (!ContainsIgnoreCase(present, section))
            {
                (missing ??= []).Add(section);
            }
        }

        var measured = string.Join(", ", present);
        return missing is null
            ? Pass(GateNames.Runbook, measured, index.RunbookThreshold, "runbook has all required sections")
            : Fail(GateNames.Runbook, measured, index.RunbookThreshold, $"runbook is missing required sections: {string.Join(", ", missing)}");
    }

    private static GateResult RollbackPlanGate(RollbackEvidence? rollback, ReleaseTypePolicy rules)
    {
        if (!rules.RollbackPlanRequired)
        {
            return Waived(GateNames.RollbackPlan, "a rollback plan is not required for this release type");
        }

        return string.IsNullOrWhiteSpace(rollback?.ProcedureRef)
            ? Fail(GateNames.RollbackPlan, null, "procedure reference", "rollback plan is missing (rollback.procedureRef)")
            : Pass(GateNames.RollbackPlan, rollback.ProcedureRef, "procedure reference", "rollback plan is documented");
    }

    private static GateResult RollbackRehearsalGate(
        RollbackEvidence? rollback, ReleaseTypePolicy rules, PolicyIndex.TypeIndex index, DateTimeOffset now)
    {
        if (rules.RollbackRehearsalMaxAgeDays is not { } maxDays)
        {
            return Waived(GateNames.RollbackRehearsal, "a rollback rehearsal is not required for this release type");
        }

        var threshold = index.RehearsalThreshold;
        if (rollback?.RehearsedAt is not { } at)
        {
            return Fail(GateNames.RollbackRehearsal, null, threshold, "rollback rehearsal evidence (rollback.rehearsedAt) is missing");
        }

        var date = at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var measured = $"{date} in {rollback.RehearsedIn ?? "(unknown environment)"}";
        if (!string.Equals(rollback.RehearsedIn, RehearsalEnvironment, StringComparison.OrdinalIgnoreCase))
        {
            return Fail(GateNames.RollbackRehearsal, measured, threshold, $"rollback was rehearsed in '{rollback.RehearsedIn}', not in {RehearsalEnvironment}");
        }

        if (at > now)
        {
            return Fail(GateNames.RollbackRehearsal, measured, threshold, $"rollback rehearsal date {at:O} is in the future");
        }

        if (IsRehearsed(rollback, rules, now, out var ageDays))
        {
            return Pass(GateNames.RollbackRehearsal, measured, threshold, "rollback rehearsed in staging recently enough");
        }

        return Fail(
            GateNames.RollbackRehearsal,
            measured,
            threshold,
            string.Create(CultureInfo.InvariantCulture, $"rollback rehearsal on {date} is stale: {ageDays} days old, limit is {maxDays} days"));
    }

    /// <summary>Staging rehearsal, not in the future, within the type's age limit when it has one.</summary>
    private static bool IsRehearsed(RollbackEvidence? rollback, ReleaseTypePolicy rules, DateTimeOffset now, out int ageDays)
    {
        ageDays = 0;
        if (rollback?.RehearsedAt is not { } at
            || at > now
            || !string.Equals(rollback.RehearsedIn, RehearsalEnvironment, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var age = now - at;
        ageDays = (int)age.TotalDays;
        return rules.RollbackRehearsalMaxAgeDays is not { } maxDays || age <= TimeSpan.FromDays(maxDays);
    }

    private static GateResult LoadTestGate(LoadTestEvidence? loadTest, ReleaseTypePolicy rules, GovernedService service)
    {
        if (!rules.LoadTestRequiredForHighTraffic)
        {
            return Waived(GateNames.LoadTest, "a load test is not required for this release type");
        }

        if (!service.HighTraffic)
        {
            return Waived(GateNames.LoadTest, $"{service.Name} is not a high-traffic service");
        }

        return loadTest?.Passed switch
        {
            true => Pass(GateNames.LoadTest, "passed", "passed", "load test passed"),
            false => Fail(GateNames.LoadTest, "failed", "passed", $"load test failed{(loadTest.ReportRef is { } report ? $" (report {report})" : string.Empty)}; required for high-traffic service {service.Name}"),
            null => Fail(GateNames.LoadTest, null, "passed", $"load test result (loadTest.passed) is missing; required for high-traffic service {service.Name}"),
        };
    }

    private static GateResult PeerReviewGate(
        PeerReviewEvidence? review, ReleaseTypePolicy rules, PolicyIndex.TypeIndex index, string requester)
    {
        if (!rules.PeerReviewRequired)
        {
            return Waived(GateNames.PeerReview, "peer review is not required for this release type");
        }

        var threshold = index.PeerThreshold;
        if (review is null)
        {
            return Fail(GateNames.PeerReview, null, threshold, "peer review evidence is missing");
        }

        if (review.Reviewers is null)
        {
            return Fail(GateNames.PeerReview, null, threshold, "peer review does not list reviewers, so independence from the requester cannot be checked");
        }

        // Independent reviewers: distinct names other than the requester. The approval count cannot exceed them.
        var independent = 0;
        var requesterListed = false;
        for (var i = 0; i < review.Reviewers.Count; i++)
        {
            var reviewer = review.Reviewers[i];
            if (string.IsNullOrWhiteSpace(reviewer))
            {
                continue;
            }

            if (string.Equals(reviewer, requester, StringComparison.OrdinalIgnoreCase))
            {
                requesterListed = true;
                continue;
            }

            if (!ContainsIgnoreCase(review.Reviewers, reviewer, i))
            {
                independent++;
            }
        }

        var approvals = Math.Min(review.Approvals ?? 0, independent);
        var measured = string.Create(CultureInfo.InvariantCulture, $"{approvals} independent approval{(approvals == 1 ? string.Empty : "s")}");
        if (approvals >= rules.MinPeerApprovals)
        {
            return Pass(GateNames.PeerReview, measured, threshold, "peer review has enough independent approvals");
        }

        var note = requesterListed ? $" (the requester {requester} does not count as a reviewer)" : string.Empty;
        return Fail(
            GateNames.PeerReview,
            measured,
            threshold,
            string.Create(CultureInfo.InvariantCulture, $"peer review has {approvals} independent approvals, {rules.MinPeerApprovals} required{note}"));
    }

    private static GateResult ChangeSummaryGate(ChangeEvidence? change)
    {
        if (change?.FilesChanged is { } files && change.LinesChanged is { } lines)
        {
            return Pass(
                GateNames.ChangeSummary,
                string.Create(CultureInfo.InvariantCulture, $"{files} files, {lines} lines, {change.Dependencies?.Count ?? 0} dependencies"),
                "declared",
                "change size declared");
        }

        return Fail(GateNames.ChangeSummary, null, "declared", "change summary (change.filesChanged, change.linesChanged) is missing; risk was scored as worst case");
    }

    private static GateResult SchemaMigrationGate(SchemaMigrationEvidence? schema)
    {
        if (schema?.Present is not { } present)
        {
            return Fail(GateNames.SchemaMigration, null, "declared", "schema migration declaration (schemaMigration.present) is missing; risk was scored as worst case");
        }

        return Pass(GateNames.SchemaMigration, present ? "migration present" : "no migration", "declared", "schema migration declared");
    }

    private static bool ContainsIgnoreCase(IReadOnlyList<string> values, string value, int before = int.MaxValue)
    {
        var end = Math.Min(before, values.Count);
        for (var i = 0; i < end; i++)
        {
            if (string.Equals(values[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static GateResult Pass(string name, string? measured, string? threshold, string reason) =>
        new(name, GateOutcome.Pass, measured, threshold, reason);

    private static GateResult Fail(string name, string? measured, string? threshold, string reason) =>
        new(name, GateOutcome.Fail, measured, threshold, reason);

    private static GateResult Waived(string name, string reason) =>
        new(name, GateOutcome.Waived, null, null, reason);
}

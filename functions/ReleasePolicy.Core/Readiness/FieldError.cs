namespace ReleasePolicy.Readiness;

/// <summary>A malformed evidence field; <paramref name="Field"/> is a JSON path such as <c>evidence.scanFindings.critical</c>.</summary>
public sealed record FieldError(string Field, string Reason);

public sealed record EvidenceParseResult(ReleaseEvidence Evidence, IReadOnlyList<FieldError> Errors);

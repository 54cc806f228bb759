namespace ReleasePolicy.Evidence;

/// <summary>A release that has evidence, with the time storage created its first record.</summary>
public sealed record EvidenceReleaseSummary(string Service, string ReleaseId, DateTimeOffset FirstRecordCreatedAt);

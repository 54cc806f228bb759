namespace ReleasePolicy.Releases;

/// <summary>One reason a request was refused, naming the JSON field (e.g. <c>evidence.testCoverage</c>).</summary>
public sealed record FieldError(string Field, string Reason);

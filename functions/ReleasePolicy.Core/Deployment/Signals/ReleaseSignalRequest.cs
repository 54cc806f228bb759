namespace ReleasePolicy.Deployment.Signals;

/// <summary>A signal a pipeline or a person posted to <c>POST /api/releases/{id}/signals</c>, validated.</summary>
/// <param name="Id">The sender's id for it: a second post with the same id (from the same caller) is a duplicate.</param>
/// <param name="DataJson">The <c>data</c> object as sent; null when none was sent.</param>
public sealed record ReleaseSignalRequest(string Id, string Type, DateTimeOffset? Time, string? DataJson);

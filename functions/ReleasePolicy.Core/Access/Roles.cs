namespace ReleasePolicy.Access;

/// <summary>
/// The roles a caller can hold. API keys name them in configuration; in Azure, Entra app roles with the same values
/// reach us through App Service authentication.
/// </summary>
public static class Roles
{
    /// <summary>Submit releases and follow them (CI/CD pipelines).</summary>
    public const string ReleaseSubmit = "release.submit";

    /// <summary>Post deployment and health signals (pipelines, Event Grid, alert action groups).</summary>
    public const string ReleaseSignal = "release.signal";

    /// <summary>Publish policy versions (the policy administrator).</summary>
    public const string PolicyPublish = "policy.publish";

    /// <summary>Read evidence and the audit API (auditors).</summary>
    public const string EvidenceRead = "evidence.read";

    /// <summary>Run the service: freezes, unmatched events, incidents (operators).</summary>
    public const string Operator = "operator";

    public static IReadOnlyList<string> All { get; } = [ReleaseSubmit, ReleaseSignal, PolicyPublish, EvidenceRead, Operator];

    /// <summary>
    /// Roles too powerful to travel in a URL: a key holding one is never accepted from the <c>code</c> query parameter,
    /// where proxies and logs would keep it.
    /// </summary>
    public static IReadOnlyList<string> HeaderOnly { get; } = [PolicyPublish, EvidenceRead];
}

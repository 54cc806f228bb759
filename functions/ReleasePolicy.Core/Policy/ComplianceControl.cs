using System.Text.Json.Serialization;

namespace ReleasePolicy.Policy;

/// <summary>A compliance control the policy implements, traced to the framework clauses it satisfies.</summary>
/// <param name="AppliesTo">For gates, the gate name (see <c>ReleasePolicy.Readiness.GateNames</c>); otherwise free text.</param>
public sealed record ComplianceControl(
    string Id,
    ControlKind Kind,
    string Description,
    string AppliesTo,
    IReadOnlyList<FrameworkReference> Frameworks);

public sealed record FrameworkReference(ComplianceFramework Framework, string Clause);

[JsonConverter(typeof(JsonStringEnumConverter<ControlKind>))]
public enum ControlKind
{
    [JsonStringEnumMemberName("gate")]
    Gate,

    [JsonStringEnumMemberName("approvalRule")]
    ApprovalRule,

    [JsonStringEnumMemberName("sodRule")]
    SodRule,

    [JsonStringEnumMemberName("retentionRule")]
    RetentionRule,
}

/// <summary>Serialised with the names auditors use ("SOX", "ISO27001") because the control matrix is shown to them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ComplianceFramework>))]
public enum ComplianceFramework
{
    [JsonStringEnumMemberName("SOX")]
    Sox,

    [JsonStringEnumMemberName("HIPAA")]
    Hipaa,

    [JsonStringEnumMemberName("GDPR")]
    Gdpr,

    [JsonStringEnumMemberName("ISO27001")]
    Iso27001,

    [JsonStringEnumMemberName("NIST80053")]
    Nist80053,
}

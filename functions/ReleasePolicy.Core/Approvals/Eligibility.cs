namespace ReleasePolicy.Approvals;

/// <summary>Whether a person may count in a tier now, and through what (a group, a named user, an escalation).</summary>
public sealed record Eligibility(bool Allowed, string? Via, string? RefusalCode, string? Reason)
{
    public static Eligibility Through(string via) => new(true, via, null, null);

    public static Eligibility Refused(string code, string reason) => new(false, null, code, reason);
}

namespace ReleasePolicy.Access;

/// <summary>The door's answer: the caller, or the HTTP status (401/403) and a reason that reveals no secret.</summary>
public sealed record AccessDecision(CallerPrincipal? Caller, int Status, string Reason)
{
    public bool Admitted => this.Caller is not null;

    public static AccessDecision Admit(CallerPrincipal caller) => new(caller, 200, "admitted");

    public static AccessDecision Unauthenticated(string reason) => new(null, 401, reason);

    public static AccessDecision Forbidden(string reason) => new(null, 403, reason);
}

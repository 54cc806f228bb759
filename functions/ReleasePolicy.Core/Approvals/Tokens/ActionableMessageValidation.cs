namespace ReleasePolicy.Approvals.Tokens;

/// <summary>The result of validating an Actionable Message bearer token: the actor, or why the token was refused.</summary>
public sealed record ActionableMessageValidation(ActionableMessageActor? Actor, ActionableMessageFailure? Failure, string? Reason)
{
    public bool IsValid => this.Actor is not null && this.Failure is null;

    public static ActionableMessageValidation Valid(ActionableMessageActor actor) => new(actor, null, null);

    public static ActionableMessageValidation Invalid(ActionableMessageFailure failure, string reason) => new(null, failure, reason);
}

public enum ActionableMessageFailure
{
    /// <summary>Actionable Messages are not enabled here.</summary>
    Disabled,

    /// <summary>No token, or not a signed JWT.</summary>
    Malformed,

    WrongIssuer,

    WrongAudience,

    /// <summary>Not signed by a key of the configured metadata (unknown key or signature mismatch), or an unexpected algorithm.</summary>
    BadSignature,

    Expired,

    NotYetValid,

    /// <summary>No usable actor claim (<c>sub</c> by default).</summary>
    MissingSubject,

    /// <summary>Issued to another application than the Actionable Messages service.</summary>
    WrongApplication,

    /// <summary>The signing keys could not be fetched (our problem or the issuer's, not the caller's): answer 503, not 401.</summary>
    MetadataUnavailable,
}

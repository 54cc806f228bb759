namespace ReleasePolicy.Policy;

/// <summary><paramref name="Document"/> is null exactly when <paramref name="Errors"/> is non-empty.</summary>
public sealed record PolicyParseResult(PolicyDocument? Document, IReadOnlyList<PolicyValidationError> Errors)
{
    public bool IsValid => Document is not null && Errors.Count == 0;
}

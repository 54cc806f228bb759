namespace ReleasePolicy.Policy;

/// <summary>A problem in a policy file. Line and column are 1-based and point at the offending node when known.</summary>
/// <param name="Path">Dotted path to the field, e.g. <c>releaseTypes.major.minCoverage</c> or <c>scope.services[2].tier</c>.</param>
public sealed record PolicyValidationError(string Path, int? Line, int? Column, string Message)
{
    public override string ToString() =>
        Line is { } line ? $"{Path} (line {line}, column {Column}): {Message}" : $"{Path}: {Message}";
}

using ReleasePolicy.Policy;

namespace ReleasePolicy.Calendar;

/// <summary>
/// One concrete freeze interval (a one-off freeze, one occurrence of a recurring one, or an ad-hoc freeze), already
/// matched to the release's scope.
/// </summary>
/// <param name="AdHoc">Added by an operator at run time; ad-hoc freezes cannot be overridden.</param>
public sealed record FreezeOccurrence(
    string Freeze,
    string Reason,
    TimeRange Range,
    IReadOnlyList<ReleaseType> AllowedReleaseTypes,
    bool Overridable,
    bool AdHoc);

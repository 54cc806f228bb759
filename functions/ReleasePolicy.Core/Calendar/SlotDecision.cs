using System.Text.Json.Serialization;

namespace ReleasePolicy.Calendar;

/// <summary>Why the search moved past a candidate start.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SlotRefusalKind>))]
public enum SlotRefusalKind
{
    /// <summary>The candidate lies outside every deployment window, or the window closes before the deployment would end.</summary>
    OutsideWindow,

    /// <summary>The deployment would overlap a freeze that does not allow it.</summary>
    Freeze,

    /// <summary>The deployment would overlap another release's booking in one of its lanes.</summary>
    Conflict,
}

/// <summary>
/// One refused candidate: its start, the kind, the name of what refused it (window, freeze or release id), a sentence,
/// and where the search went next.
/// </summary>
public sealed record SlotRefusal(DateTimeOffset Candidate, SlotRefusalKind Kind, string Subject, string Reason, DateTimeOffset NextCandidate);

/// <summary>A freeze the slot overlaps but may pass: its release type is allowed, or the freeze was overridden.</summary>
/// <param name="Kind"><c>allowedReleaseType</c> or <c>override</c>.</param>
public sealed record FreezeAllowance(string Freeze, string Reason, string Kind, TimeRange Occurrence);

/// <summary>
/// The search's answer: the earliest valid slot (null when none exists before the horizon), every refused candidate
/// in order (at most <see cref="SlotSearch.MaxRefusalsKept"/>, <see cref="RefusalCount"/> counts all), and the freezes
/// the slot passes with an allowance.
/// </summary>
public sealed record SlotDecision(TimeRange? Slot, IReadOnlyList<SlotRefusal> Refusals, int RefusalCount, IReadOnlyList<FreezeAllowance> Allowances)
{
    public bool Found => this.Slot is not null;
}

using System.Text.Json.Serialization;

namespace ReleasePolicy.Approvals;

[JsonConverter(typeof(JsonStringEnumConverter<TierStatus>))]
public enum TierStatus
{
    /// <summary>Waiting for approvers.</summary>
    Open,

    /// <summary>The quorum approved (or the policy's timeout rule approved, in its words).</summary>
    Approved,

    /// <summary>An eligible approver rejected: one rejection decides the tier (a veto).</summary>
    Rejected,

    /// <summary>The deadline passed and the policy's outcome was to reject.</summary>
    TimedOut,
}

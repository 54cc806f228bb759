using System.Text.Json.Serialization;

namespace ReleasePolicy.Releases;

[JsonConverter(typeof(JsonStringEnumConverter<ReleaseStatus>))]
public enum ReleaseStatus
{
    /// <summary>Accepted, its orchestration not yet running.</summary>
    Submitted,

    /// <summary>A stage is working on it.</summary>
    InProgress,

    /// <summary>Refused by a stage (readiness or approval); the decisions say why.</summary>
    Rejected,

    /// <summary>Deployed and cleared.</summary>
    Succeeded,

    /// <summary>The workflow itself failed; the operator must look.</summary>
    Failed,

    /// <summary>Deployed, found unhealthy (or rolled back by its owner) and rolled back; an incident is open.</summary>
    RolledBack,

    /// <summary>Cleared, but the pipeline never reported that it started (or reported failure before starting).</summary>
    NotDeployed,
}

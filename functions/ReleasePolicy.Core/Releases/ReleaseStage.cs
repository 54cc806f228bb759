using System.Text.Json.Serialization;

namespace ReleasePolicy.Releases;

/// <summary>Where a release is in its path; <see cref="Done"/> whatever the outcome.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReleaseStage>))]
public enum ReleaseStage
{
    Readiness,
    Approval,
    Scheduling,
    Deployment,
    Done,
}

using System.Text.Json.Serialization;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>What a signal means to a deployment, read once from its envelope and data.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignalKind>))]
public enum SignalKind
{
    Started,
    Succeeded,
    Failed,
    RollbackCompleted,
    HealthSample,
    AlertFired,
    AlertResolved,
    ManualRollback,

    /// <summary>A type we do not act on, or data we could not read; recorded with the reason.</summary>
    Other,
}

/// <summary>
/// One signal as the deployment stage judges it, and as its evidence lists it: the event id and type, when it arrived,
/// and the part that matters (a sample, an alert, the person asking for a rollback, or why it was not read).
/// </summary>
public sealed record DeploymentSignal(
    SignalKind Kind,
    string EventId,
    string Type,
    string Source,
    DateTimeOffset ReceivedAt)
{
    public HealthSample? Sample { get; init; }

    public AzureMonitorAlert? Alert { get; init; }

    /// <summary>For <see cref="SignalKind.ManualRollback"/>: the verified rollback owner; null when it came unverified.</summary>
    public string? Person { get; init; }

    /// <summary>A reason given with a manual rollback or a failure (<c>data.reason</c>), bounded.</summary>
    public string? Reason { get; init; }

    /// <summary>Why a signal was not read as its type claims (bad data), for <see cref="SignalKind.Other"/>.</summary>
    public string? Note { get; init; }
}

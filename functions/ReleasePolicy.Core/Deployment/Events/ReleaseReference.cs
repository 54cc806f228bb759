using System.Text.Json;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Deployment.Events;

/// <summary>
/// What an event says about which release it concerns: our release id (from <c>subject</c> <c>releases/{id}</c>, also
/// as a path segment pair inside a longer subject, or <c>data.releaseId</c>), else the deployment it describes
/// (<c>data.service</c> + <c>data.version</c> + <c>data.environment</c>). Only ids of our shape count: anything else
/// cannot name a release of ours and must not reach storage as a key. An event whose data is an Azure Monitor alert in
/// the common alert schema names no release at all, whatever its type and subject: it carries the <see cref="Alert"/>,
/// which the policy's alert mappings tie to a service and environment.
/// </summary>
public sealed record ReleaseReference(string? ReleaseId, string? Service, string? Version, string? Environment)
{
    public static ReleaseReference None { get; } = new(null, null, null, null);

    public bool NamesDeployment => this.Service is not null && this.Version is not null && this.Environment is not null;

    /// <summary>The alert the event's data is; null for any other event. A malformed alert names nothing (<see cref="None"/>).</summary>
    public AzureMonitorAlert? Alert { get; init; }

    public static ReleaseReference Of(InboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (AzureMonitorAlertParser.IsCommonAlertSchema(inbound.DataJson))
        {
            return AzureMonitorAlertParser.Parse(inbound.DataJson!).Alert is { } alert ? new ReleaseReference(null, null, null, null) { Alert = alert } : None;
        }

        string? fromSubject = IdInSubject(inbound.Subject);
        (string? fromData, string? service, string? version, string? environment) = FromData(inbound.DataJson);
        string? id = fromSubject ?? fromData;
        return id is null && (service is null || version is null || environment is null)
            ? None
            : new ReleaseReference(id, service, version, environment);
    }

    /// <summary>The segment after a <c>releases</c> segment, when it is one of our ids: <c>releases/rel-…</c>, <c>…/releases/rel-…/health</c>.</summary>
    internal static string? IdInSubject(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        string[] segments = subject.Split('/');
        for (int i = 0; i + 1 < segments.Length; i++)
        {
            if (segments[i] == "releases" && ReleaseIdentity.IsWellFormed(segments[i + 1]))
            {
                return segments[i + 1];
            }
        }

        return null;
    }

    private static (string? Id, string? Service, string? Version, string? Environment) FromData(string? dataJson)
    {
        if (dataJson is null)
        {
            return default;
        }

        using JsonDocument document = JsonDocument.Parse(dataJson);
        JsonElement data = document.RootElement;
        if (data.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        string? id = Text(data, "releaseId");
        return (ReleaseIdentity.IsWellFormed(id) ? id : null, Text(data, "service"), Text(data, "version"), Text(data, "environment"));
    }

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 200 } text ? text : null;
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ReleasePolicy.Deployment.Events;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// Turns an alert an action group posted into the one event shape the processor handles. Its id is derived from what
/// identifies one notification (the alert, its condition, and the time of that condition), so an action group's retry
/// of the same notification is a duplicate, while the same alert resolving later, or firing again, is a new event.
/// </summary>
public static class AlertEvents
{
    /// <summary>The source alerts posted to <c>POST /api/alerts</c> are recorded under.</summary>
    public const string Source = "azure-monitor";

    public static string IdFor(AzureMonitorAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        DateTimeOffset? at = alert.Fired ? alert.FiredAt : alert.ResolvedAt ?? alert.FiredAt;
        string identity = string.Join(
            '\n',
            alert.AlertId,
            alert.Fired ? "Fired" : "Resolved",
            at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty);
        return "alert-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    /// <param name="bodyJson">The alert as posted: kept as the event's data, so nothing the sender said is lost.</param>
    public static InboundEvent ToInboundEvent(AzureMonitorAlert alert, string bodyJson)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(bodyJson);
        return new InboundEvent(
            IdFor(alert),
            Source,
            SignalTypes.AzureMonitorAlert,
            alert.AlertRule.Length > 0 ? alert.AlertRule : null,
            alert.Fired ? alert.FiredAt : alert.ResolvedAt ?? alert.FiredAt,
            bodyJson,
            EventSchema.AzureMonitorAlert);
    }
}

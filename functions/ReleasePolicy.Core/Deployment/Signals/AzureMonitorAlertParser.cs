using System.Text.Json;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>Interim reader of the common alert schema (replaced by the ingress slice's parser on merge).</summary>
public static class AzureMonitorAlertParser
{
    public const string SchemaId = "azureMonitorCommonAlertSchema";

    public static bool IsAlert(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("schemaId", out JsonElement id) && id.ValueKind == JsonValueKind.String && id.GetString() == SchemaId;

    public static bool TryParse(JsonElement body, out AzureMonitorAlert? alert, out string? error)
    {
        alert = null;
        error = null;
        if (!body.TryGetProperty("data", out JsonElement data) || !data.TryGetProperty("essentials", out JsonElement e) || e.ValueKind != JsonValueKind.Object)
        {
            error = "data.essentials is missing";
            return false;
        }

        string? Text(string name) => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (Text("alertId") is not { } alertId || Text("severity") is not { } severity || Text("monitorCondition") is not { } condition)
        {
            error = "data.essentials needs alertId, severity and monitorCondition";
            return false;
        }

        alert = new AzureMonitorAlert(alertId, Text("alertRule") ?? string.Empty, severity, condition == "Fired", [], [], new Dictionary<string, string>(), null, null, Text("description"));
        return true;
    }
}

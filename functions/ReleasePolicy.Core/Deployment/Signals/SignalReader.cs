using System.Globalization;
using System.Text.Json;
using ReleasePolicy.Deployment.Events;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// Reads a raised <see cref="ReleaseSignal"/> into a <see cref="DeploymentSignal"/>. Pure and total: data that cannot be
/// read makes an <see cref="SignalKind.Other"/> with a note, never an exception, because the orchestration calls it and
/// a sender's mistake must not fail a release's workflow.
/// </summary>
public static class SignalReader
{
    private const int MaxReason = 500;

    public static DeploymentSignal Read(ReleaseSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var read = new DeploymentSignal(SignalKind.Other, signal.EventId, signal.Type, signal.Source, signal.ReceivedAt);
        JsonElement? data = Parse(signal.DataJson);
        if (data is { } alertData && AzureMonitorAlertParser.IsCommonAlertSchema(alertData))
        {
            AlertParseResult parsed = AzureMonitorAlertParser.Parse(alertData);
            return parsed.Alert is { } alert
                ? read with { Kind = alert.Fired ? SignalKind.AlertFired : SignalKind.AlertResolved, Alert = alert }
                : read with { Note = $"an Azure Monitor alert that could not be read: {parsed.Error?.Field}: {parsed.Error?.Reason}" };
        }

        return signal.Type switch
        {
            SignalTypes.DeploymentStarted => read with { Kind = SignalKind.Started },
            SignalTypes.DeploymentSucceeded => read with { Kind = SignalKind.Succeeded },
            SignalTypes.DeploymentFailed => read with { Kind = SignalKind.Failed, Reason = Reason(data) },
            SignalTypes.RollbackCompleted => read with { Kind = SignalKind.RollbackCompleted },
            SignalTypes.ManualRollback => read with { Kind = SignalKind.ManualRollback, Person = signal.AuthorizedPerson, Reason = Reason(data) },
            SignalTypes.HealthSample => Sample(read, data),
            _ => read with { Note = "not a deployment signal type" },
        };
    }

    private static DeploymentSignal Sample(DeploymentSignal read, JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } d)
        {
            return read with { Note = "a health sample without a data object" };
        }

        int? passed = null, failed = null;
        if (d.TryGetProperty("healthChecks", out JsonElement checks) && checks.ValueKind == JsonValueKind.Object)
        {
            passed = (int?)Whole(checks, "passed");
            failed = (int?)Whole(checks, "failed");
        }

        var sample = new HealthSample(
            read.EventId,
            read.ReceivedAt,
            Time(d, "windowStart"),
            Time(d, "windowEnd"),
            Whole(d, "requests"),
            Whole(d, "failedRequests"),
            Number(d, "errorRatePercent", max: 100),
            Number(d, "p95LatencyMs", max: double.MaxValue),
            passed,
            failed);
        return read with { Kind = SignalKind.HealthSample, Sample = sample };
    }

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A finite, non-negative number no larger than <paramref name="max"/>; anything else is "not given".</summary>
    private static double? Number(JsonElement data, string name, double max) =>
        data.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number)
        && double.IsFinite(number) && number >= 0 && number <= max
            ? number
            : null;

    private static long? Whole(JsonElement data, string name) =>
        data.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) && number >= 0 && number <= int.MaxValue
            ? number
            : null;

    private static DateTimeOffset? Time(JsonElement data, string name) =>
        data.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset time)
            ? time
            : null;

    private static string? Reason(JsonElement? data) =>
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("reason", out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? TextCharacters.Escape(value.GetString() ?? string.Empty, MaxReason)
            : null;
}

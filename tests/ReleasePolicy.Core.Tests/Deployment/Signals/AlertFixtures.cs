using System.Text.Json.Nodes;

namespace ReleasePolicy.Core.Tests.Deployment.Signals;

/// <summary>The shared Azure Monitor fixtures (linked from the integration tests' folder), as text and as editable JSON.</summary>
internal static class AlertFixtures
{
    public const string Fired = "metric-alert-fired.json";
    public const string Resolved = "log-alert-resolved.json";

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "azure-monitor", name));

    public static JsonObject Node(string name) => JsonNode.Parse(Text(name))!.AsObject();

    /// <summary>The fixture with one edit applied to its JSON, as text.</summary>
    public static string Edited(string name, Action<JsonObject> edit)
    {
        JsonObject root = Node(name);
        edit(root);
        return root.ToJsonString();
    }

    public static JsonObject Essentials(this JsonObject root) => root["data"]!["essentials"]!.AsObject();
}

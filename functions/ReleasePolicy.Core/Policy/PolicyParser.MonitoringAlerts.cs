using ReleasePolicy.Policy.Yaml;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Policy;

/// <summary>Which Azure Monitor alerts are about which service and environment (<c>monitoring.alerts</c>).</summary>
public static partial class PolicyParser
{
    /// <summary>
    /// Longest resource id, configuration item or custom property a mapping may list. Azure resource ids of nested
    /// resources run to a few hundred characters; this leaves room while keeping a policy's size sane.
    /// </summary>
    public const int MaxAlertKeyLength = 1024;

    private static readonly string[] AlertMappingKeys = ["service", "environment", "targetResourceIds", "configurationItems", "customProperties"];

    private static List<AlertMapping>? ReadAlertMappings(YamlFieldReader reader, YMapping map, string path, MonitoringNames names) =>
        ReadItems(
            reader, map, path, "alerts", AlertMappingKeys, emptyMessage: null,
            (r, item, itemPath) => ReadAlertMapping(r, item, itemPath, names), allOrNothing: true);

    private static AlertMapping? ReadAlertMapping(YamlFieldReader reader, YMapping item, string path, MonitoringNames names)
    {
        var errorsBefore = reader.Errors.Count;
        var service = Identifier(reader, item, "service", path, names.Service);
        var environment = Identifier(reader, item, "environment", path, names.Environment);
        var resources = ReadCalendarList(reader, item, "targetResourceIds", path, required: false, AlertKeyRule);
        var items = ReadCalendarList(reader, item, "configurationItems", path, required: false, AlertKeyRule);
        var properties = ReadCustomProperties(reader, item, path);
        if (resources is { Count: 0 } && items is { Count: 0 } && properties is { Count: 0 })
        {
            reader.Error(
                item,
                path,
                "an alert mapping needs at least one of targetResourceIds, configurationItems or customProperties; without one it matches no alert");
        }

        return reader.Errors.Count > errorsBefore || service is null || environment is null || resources is null || items is null
            || properties is null
            ? null
            : new AlertMapping(service, environment, resources, items, properties);
    }

    private static string? AlertKeyRule(string text) => Identifiers.CheckText(text, MaxAlertKeyLength);

    /// <summary>A mapping of property names to text values (numbers and booleans are read as written); optional.</summary>
    private static Dictionary<string, string>? ReadCustomProperties(YamlFieldReader reader, YMapping item, string path)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (IsAbsent(reader, item, "customProperties", path))
        {
            return properties;
        }

        var map = reader.Mapping(item, "customProperties", path, required: true);
        if (map is null)
        {
            return null;
        }

        var mapPath = YamlFieldReader.Join(path, "customProperties");
        var valid = true;
        foreach (var (key, value) in map.Entries)
        {
            var entryPath = YamlFieldReader.Join(mapPath, key.Value);
            string? problem = string.IsNullOrWhiteSpace(key.Value)
                ? "property name must not be empty"
                : AlertKeyRule(key.Value) is { } badKey
                ? $"property name: {badKey}"
                : value is YScalar { IsNull: false } scalar && !string.IsNullOrWhiteSpace(scalar.Value)
                    ? AlertKeyRule(scalar.Value)
                    : $"expected a text value but found {YamlFieldReader.Describe(value)}";
            if (problem is null)
            {
                properties[key.Value] = ((YScalar)value).Value;
            }
            else
            {
                reader.Error(value, entryPath, problem);
                valid = false;
            }
        }

        return valid ? properties : null;
    }
}

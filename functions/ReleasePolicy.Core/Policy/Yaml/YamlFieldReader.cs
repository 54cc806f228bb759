using System.Globalization;

namespace ReleasePolicy.Policy.Yaml;

/// <summary>
/// Typed access to a <see cref="YMapping"/> that records a located error instead of throwing. Every accessor returns
/// null when the value is missing or malformed, so section readers can keep going and report all problems at once.
/// </summary>
internal sealed class YamlFieldReader(List<PolicyValidationError> errors)
{
    public List<PolicyValidationError> Errors { get; } = errors;

    public void Error(YNode? node, string path, string message) =>
        Errors.Add(new PolicyValidationError(path, node?.Line, node?.Column, message));

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    public void RejectUnknownKeys(YMapping map, string path, IReadOnlyCollection<string> allowed, string what = "key")
    {
        foreach (var entry in map.Entries)
        {
            if (!allowed.Contains(entry.Key.Value))
            {
                Error(
                    entry.Key,
                    Join(path, entry.Key.Value),
                    $"unknown {what} '{entry.Key.Value}'; expected one of {string.Join(", ", allowed)}");
            }
        }
    }

    /// <summary>The value node, or null if absent or a YAML null (reporting it when required).</summary>
    public YNode? Field(YMapping map, string key, string path, bool required)
    {
        var node = map[key];
        if (node is null or YScalar { IsNull: true })
        {
            if (required)
            {
                Error(node ?? map, Join(path, key), $"'{key}' is required");
            }

            return null;
        }

        return node;
    }

    public YMapping? Mapping(YNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case YMapping map:
                return map;
            default:
                Error(node, path, $"expected a mapping but found {Describe(node)}");
                return null;
        }
    }

    public YMapping? Mapping(YMapping parent, string key, string path, bool required) =>
        Mapping(Field(parent, key, path, required), Join(path, key));

    public YSequence? Sequence(YNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case YSequence sequence:
                return sequence;
            default:
                Error(node, path, $"expected a list but found {Describe(node)}");
                return null;
        }
    }

    public string? Text(YNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case YScalar scalar:
                return scalar.Value;
            default:
                Error(node, path, $"expected text but found {Describe(node)}");
                return null;
        }
    }

    public string? Text(YMapping map, string key, string path, bool required)
    {
        var text = Text(Field(map, key, path, required), Join(path, key));
        if (required && text is not null && string.IsNullOrWhiteSpace(text))
        {
            Error(map[key], Join(path, key), $"'{key}' must not be empty");
            return null;
        }

        return text;
    }

    public double? Number(YMapping map, string key, string path, bool required)
    {
        var node = Field(map, key, path, required);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar scalar
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }

        Error(node, Join(path, key), $"expected a number but found {Describe(node)}");
        return null;
    }

    public int? Integer(YMapping map, string key, string path, bool required)
    {
        var node = Field(map, key, path, required);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar scalar
            && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node, Join(path, key), $"expected a whole number but found {Describe(node)}");
        return null;
    }

    public int? NonNegativeInteger(YMapping map, string key, string path, bool required)
    {
        var value = Integer(map, key, path, required);
        if (value < 0)
        {
            Error(map[key], Join(path, key), $"must not be negative (found {value})");
            return null;
        }

        return value;
    }

    public double? NonNegativeNumber(YMapping map, string key, string path, bool required)
    {
        var value = Number(map, key, path, required);
        if (value < 0)
        {
            Error(map[key], Join(path, key), string.Create(CultureInfo.InvariantCulture, $"must not be negative (found {value})"));
            return null;
        }

        return value;
    }

    public bool? Bool(YMapping map, string key, string path, bool required)
    {
        var node = Field(map, key, path, required);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar scalar)
        {
            if (scalar.Value is "true" or "True" or "TRUE")
            {
                return true;
            }

            if (scalar.Value is "false" or "False" or "FALSE")
            {
                return false;
            }
        }

        Error(node, Join(path, key), $"expected true or false but found {Describe(node)}");
        return null;
    }

    /// <summary>A list of non-empty strings; a single scalar is accepted as a one-item list for convenience.</summary>
    public IReadOnlyList<string>? TextList(YMapping map, string key, string path, bool required)
    {
        var node = Field(map, key, path, required);
        var fieldPath = Join(path, key);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar single)
        {
            return [single.Value];
        }

        var sequence = Sequence(node, fieldPath);
        if (sequence is null)
        {
            return null;
        }

        var items = new List<string>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            if (item is YScalar { IsNull: false } scalar && !string.IsNullOrWhiteSpace(scalar.Value))
            {
                items.Add(scalar.Value);
            }
            else
            {
                Error(item, Index(fieldPath, i), $"expected non-empty text but found {Describe(item)}");
            }
        }

        return items;
    }

    public static string Describe(YNode node) => node switch
    {
        YScalar { IsNull: true } => "nothing",
        YScalar scalar => $"'{Truncate(scalar.Value)}'",
        YSequence => "a list",
        _ => "a mapping",
    };

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

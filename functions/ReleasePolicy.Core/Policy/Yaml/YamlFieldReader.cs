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

    /// <summary>Reports a problem with the value under <paramref name="key"/>, located at that value.</summary>
    public void FieldError(YMapping map, string key, string path, string message) =>
        Error(map[key], Join(path, key), message);

    /// <summary>One wording for every closed vocabulary, so authors always see the accepted values.</summary>
    public static string Unknown(string what, string value, IEnumerable<string> allowed) =>
        $"unknown {what} '{value}'; expected one of {string.Join(", ", allowed)}";

    public void RejectUnknownKeys(YMapping map, string path, IReadOnlyCollection<string> allowed, string what = "key")
    {
        foreach (var entry in map.Entries)
        {
            if (!allowed.Contains(entry.Key.Value))
            {
                Error(entry.Key, Join(path, entry.Key.Value), Unknown(what, entry.Key.Value, allowed));
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

    public YMapping? Mapping(YNode? node, string path) => Node<YMapping>(node, path, "a mapping");

    public YMapping? Mapping(YMapping parent, string key, string path, bool required) =>
        Mapping(Field(parent, key, path, required), Join(path, key));

    /// <summary>A mapping whose keys must all be in <paramref name="allowed"/>; a misspelt key is an error, never ignored.</summary>
    public YMapping? StrictMapping(YNode? node, string path, IReadOnlyCollection<string> allowed, string what = "key")
    {
        var map = Mapping(node, path);
        if (map is not null)
        {
            RejectUnknownKeys(map, path, allowed, what);
        }

        return map;
    }

    public YMapping? StrictMapping(
        YMapping parent, string key, string path, bool required, IReadOnlyCollection<string> allowed, string what = "key") =>
        StrictMapping(Field(parent, key, path, required), Join(path, key), allowed, what);

    public YSequence? Sequence(YNode? node, string path) => Node<YSequence>(node, path, "a list");

    public string? Text(YNode? node, string path) => Node<YScalar>(node, path, "text")?.Value;

    public string? Text(YMapping map, string key, string path, bool required)
    {
        var text = Text(Field(map, key, path, required), Join(path, key));
        if (required && text is not null && string.IsNullOrWhiteSpace(text))
        {
            FieldError(map, key, path, $"'{key}' must not be empty");
            return null;
        }

        return text;
    }

    public double? Number(YMapping map, string key, string path, bool required) =>
        Scalar(map, key, path, required, "a number", static (string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));

    public int? Integer(YMapping map, string key, string path, bool required) =>
        Scalar(map, key, path, required, "a whole number", static (string text, out int value) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value));

    // Integers are formatted with the current culture and numbers with the invariant one, as they always were.
    public int? NonNegativeInteger(YMapping map, string key, string path, bool required) =>
        NotNegative(Integer(map, key, path, required), map, key, path, static value => $"must not be negative (found {value})");

    public double? NonNegativeNumber(YMapping map, string key, string path, bool required) =>
        NotNegative(Number(map, key, path, required), map, key, path, static value =>
            string.Create(CultureInfo.InvariantCulture, $"must not be negative (found {value})"));

    public bool? Bool(YMapping map, string key, string path, bool required) =>
        Scalar(map, key, path, required, "true or false", static (string text, out bool value) =>
        {
            value = text is "true" or "True" or "TRUE";
            return value || text is "false" or "False" or "FALSE";
        });

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

    /// <summary>The node as a <typeparamref name="T"/>; an absent node is not an error here, the caller decides.</summary>
    private T? Node<T>(YNode? node, string path, string expected)
        where T : YNode
    {
        if (node is null or T)
        {
            return node as T;
        }

        Error(node, path, $"expected {expected} but found {Describe(node)}");
        return null;
    }

    private delegate bool ScalarParser<T>(string text, out T value);

    /// <summary>A scalar converted by <paramref name="parse"/>; anything else is reported as not being <paramref name="expected"/>.</summary>
    private T? Scalar<T>(YMapping map, string key, string path, bool required, string expected, ScalarParser<T> parse)
        where T : struct
    {
        var node = Field(map, key, path, required);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar scalar && parse(scalar.Value, out var value))
        {
            return value;
        }

        Error(node, Join(path, key), $"expected {expected} but found {Describe(node)}");
        return null;
    }

    private T? NotNegative<T>(T? value, YMapping map, string key, string path, Func<T, string> describe)
        where T : struct, System.Numerics.INumber<T>
    {
        // '< Zero' rather than IsNegative, which would also reject -0.
        if (value is { } present && present < T.Zero)
        {
            FieldError(map, key, path, describe(present));
            return null;
        }

        return value;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

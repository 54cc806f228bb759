namespace ReleasePolicy.Policy;

/// <summary>The shipped example policy, embedded so tests, benchmarks and local runs use the same text.</summary>
public static class SamplePolicy
{
    private const string ResourceName = "ReleasePolicy.Policy.Samples.sample-policy.yaml";

    private static readonly Lazy<string> LazyText = new(ReadText);
    private static readonly Lazy<PolicyDocument> LazyDocument = new(Parse);

    public static string Text => LazyText.Value;

    /// <summary>The parsed sample; the same instance every time, so its evaluation lookups are built once.</summary>
    public static PolicyDocument Load() => LazyDocument.Value;

    private static string ReadText()
    {
        using var stream = typeof(SamplePolicy).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static PolicyDocument Parse()
    {
        var result = PolicyParser.Parse(Text);
        // The sample ships with the code; if it stops validating, that is a build defect, not a runtime condition.
        return result.Document ?? throw new InvalidOperationException(
            "The embedded sample policy is invalid: " + string.Join("; ", result.Errors));
    }
}

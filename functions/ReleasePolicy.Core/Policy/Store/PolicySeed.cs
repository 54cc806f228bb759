namespace ReleasePolicy.Policy.Store;

/// <summary>
/// What an empty policy store is seeded with (<see cref="PolicyStoreOptions.SeedSamplePolicy"/>): the built-in sample,
/// or the text of <see cref="PolicyStoreOptions.SeedPolicyFile"/>, which must be readable and a valid policy.
/// </summary>
public sealed class PolicySeed
{
    private readonly string? text;

    private PolicySeed(string? text) => this.text = text;

    /// <summary>The text to publish into an empty store; null when the store must wait for an explicit first publish.</summary>
    public Func<string>? Text => this.text is null ? null : () => this.text;

    /// <summary>Reads the seed the options ask for.</summary>
    /// <exception cref="InvalidOperationException">The seed file cannot be used (<see cref="PolicySeedValidation"/> stops the host before this).</exception>
    public static PolicySeed From(PolicyStoreOptions options)
    {
        var (text, problem) = Read(options);
        return problem is null ? new PolicySeed(text) : throw new InvalidOperationException(problem);
    }

    /// <summary>Why the options' seed cannot be used; null when it can (or nothing is seeded).</summary>
    public static string? Problem(PolicyStoreOptions options) => Read(options).Problem;

    /// <summary>The <c>version</c> of a seed text (checked by <see cref="From"/>, so it parses).</summary>
    public static string VersionOf(string text) =>
        PolicyParser.Parse(text).Document?.Version ?? throw new InvalidOperationException("The seed policy text is not a valid policy.");

    private static (string? Text, string? Problem) Read(PolicyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.SeedSamplePolicy)
        {
            return (null, null);
        }

        if (string.IsNullOrWhiteSpace(options.SeedPolicyFile))
        {
            return (SamplePolicy.Text, null);
        }

        string file = options.SeedPolicyFile;
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"ReleasePolicy:Policy:SeedPolicyFile '{file}' cannot be read: {exception.Message}");
        }

        PolicyParseResult parsed = PolicyParser.Parse(text);
        return parsed.IsValid
            ? (text, null)
            : (null, $"ReleasePolicy:Policy:SeedPolicyFile '{file}' is not a valid policy: {string.Join("; ", parsed.Errors.Take(5))}");
    }
}

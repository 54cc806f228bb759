using System.Text.RegularExpressions;

namespace ReleasePolicy.Validation;

/// <summary>
/// The documented shape of every identifier a release or a policy carries. Identifiers become table keys, blob names,
/// blob metadata, instance ids and log values, so they are checked before anything is stored:
/// <list type="bullet">
/// <item><c>service</c>, <c>environment</c>: <c>^[a-z0-9][a-z0-9._-]*$</c>, at most 100 / 64 characters.</item>
/// <item><c>version</c> (release and policy): <c>^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$</c> (SemVer-ish, ASCII only).</item>
/// <item><c>requestedBy</c>: at most 256 characters; <c>idempotencyKey</c>: at most 200; any printable text.</item>
/// </list>
/// None may contain the characters <see cref="TextCharacters"/> refuses.
/// </summary>
public static partial class Identifiers
{
    public const int MaxServiceLength = 100;
    public const int MaxEnvironmentLength = 64;
    public const int MaxVersionLength = 64;
    public const int MaxPersonLength = 256;
    public const int MaxIdempotencyKeyLength = 200;

    public const string NamePattern = "^[a-z0-9][a-z0-9._-]*$";
    public const string VersionPattern = "^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$";

    /// <summary>Why <paramref name="service"/> is not a service name, or null.</summary>
    public static string? CheckService(string service) => CheckName(service, MaxServiceLength);

    public static string? CheckEnvironment(string environment) => CheckName(environment, MaxEnvironmentLength);

    public static string? CheckVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Version().IsMatch(version)
            ? null
            : $"Use 1 to {MaxVersionLength} ASCII letters, digits, '.', '+', '_' or '-', starting with a letter or digit (pattern {VersionPattern}).";
    }

    /// <summary>Free identifiers (people, keys): any text without forbidden characters, up to <paramref name="maxLength"/>.</summary>
    public static string? CheckText(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            return $"Must be at most {maxLength} characters.";
        }

        return TextCharacters.FindForbidden(text) is { } reason ? $"Must not contain control, format or bidirectional characters; it {reason}." : null;
    }

    private static string? CheckName(string name, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > maxLength)
        {
            return $"Must be at most {maxLength} characters.";
        }

        return Name().IsMatch(name)
            ? null
            : $"Use lowercase letters, digits, '.', '_' or '-', starting with a letter or digit (pattern {NamePattern}).";
    }

    // \z, not $: '$' also matches before a final newline, which would let "1.0\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Version();
}

using System.Globalization;

namespace ReleasePolicy.Evidence;

/// <summary>
/// Blob names in the evidence container, laid out for browsing with any storage client:
/// <c>releases/{service}/{releaseId}/{sequence:D6}-{kind}.json</c>, the release's <c>manifest.json</c> +
/// <c>manifest.sig</c>, its legal holds under <c>holds/</c>, and the daily <c>ledger/{yyyy-MM-dd}.json</c> + <c>.sig</c>.
/// </summary>
public static class EvidenceLayout
{
    public const string ReleasesRoot = "releases/";
    public const string LedgerRoot = "ledger/";
    public const string ManifestFile = "manifest.json";
    public const string ManifestSignatureFile = "manifest.sig";
    public const string HoldsFolder = "holds/";
    public const int SequenceDigits = 6;

    public static string ReleasePrefix(string service, string releaseId)
    {
        RequireSegment(service, nameof(service));
        RequireSegment(releaseId, nameof(releaseId));
        return $"{ReleasesRoot}{service}/{releaseId}/";
    }

    public static string RecordName(string service, string releaseId, int sequence, string kind) =>
        ReleasePrefix(service, releaseId) + FileName(sequence, kind);

    public static string HoldName(string service, string releaseId, int sequence, string kind) =>
        ReleasePrefix(service, releaseId) + HoldsFolder + FileName(sequence, kind);

    public static string ManifestName(string service, string releaseId) => ReleasePrefix(service, releaseId) + ManifestFile;

    public static string ManifestSignatureName(string service, string releaseId) => ReleasePrefix(service, releaseId) + ManifestSignatureFile;

    public static string LedgerName(DateOnly date) => LedgerRoot + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json";

    public static string LedgerSignatureName(DateOnly date) => LedgerRoot + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".sig";

    public static string FileName(int sequence, string kind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999_999);
        RequireKind(kind);
        return sequence.ToString("D6", CultureInfo.InvariantCulture) + "-" + kind + ".json";
    }

    /// <summary>Reads <c>000012-readiness.json</c> back into its sequence and kind; false for any other file name.</summary>
    public static bool TryParseFileName(ReadOnlySpan<char> fileName, out int sequence, out string kind)
    {
        sequence = 0;
        kind = string.Empty;
        if (fileName.Length < SequenceDigits + 7 || fileName[SequenceDigits] != '-' || !fileName.EndsWith(".json", StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> digits = fileName[..SequenceDigits];
        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        sequence = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        string candidate = fileName[(SequenceDigits + 1)..^5].ToString();
        if (sequence < 1 || !IsKind(candidate))
        {
            return false;
        }

        kind = candidate;
        return true;
    }

    /// <summary>Kinds are lower-case words joined by hyphens (<c>approval-granted</c>): safe in a blob name and a shell.</summary>
    public static bool IsKind(string kind) =>
        kind.Length is > 0 and <= 64 && kind.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && kind[0] != '-';

    private static void RequireKind(string kind)
    {
        if (!IsKind(kind))
        {
            throw new ArgumentException($"Evidence kind '{kind}' must be lower-case letters, digits and hyphens.", nameof(kind));
        }
    }

    private static void RequireSegment(string value, string name)
    {
        // One path segment: a slash, a dot segment or a control character would move the record elsewhere.
        if (string.IsNullOrWhiteSpace(value) || value is "." or ".." || value.Any(c => c is '/' or '\\' || char.IsControl(c)))
        {
            throw new ArgumentException($"'{value}' is not a valid single path segment.", name);
        }
    }
}

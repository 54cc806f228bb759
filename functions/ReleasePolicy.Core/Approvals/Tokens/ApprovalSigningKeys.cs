using System.Security.Cryptography;
using System.Text;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// The HMAC keys of approval links: the current one (signs and checks) and optionally the previous one (checks only).
/// Parsing refuses what would silently weaken every link: a missing key, one shorter than 32 bytes, one that is not
/// base64, and the literal <c>@Microsoft.KeyVault(...)</c> text App Service hands the app while a reference is unresolved.
/// Error messages name the setting, never the value.
/// </summary>
public sealed class ApprovalSigningKeys
{
    public const int MinimumKeyBytes = 32;
    public const string CurrentSetting = "ReleasePolicy:ApprovalSigningKey";
    public const string PreviousSetting = "ReleasePolicy:ApprovalSigningKeyPrevious";

    private ApprovalSigningKeys(byte[] current, byte[]? previous)
    {
        this.Current = current;
        this.Previous = previous;
    }

    internal byte[] Current { get; }

    internal byte[]? Previous { get; }

    public static ApprovalSigningKeys FromOptions(ApprovalSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Problems(options) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        return new ApprovalSigningKeys(Decode(options.ApprovalSigningKey)!, Decode(options.ApprovalSigningKeyPrevious));
    }

    /// <summary>For tests and tools: keys from raw bytes (each at least <see cref="MinimumKeyBytes"/>).</summary>
    public static ApprovalSigningKeys FromBytes(ReadOnlySpan<byte> current, ReadOnlySpan<byte> previous = default)
    {
        if (current.Length < MinimumKeyBytes || (!previous.IsEmpty && previous.Length < MinimumKeyBytes))
        {
            throw new ArgumentException($"Approval signing keys must be at least {MinimumKeyBytes} bytes.");
        }

        return new ApprovalSigningKeys(current.ToArray(), previous.IsEmpty ? null : previous.ToArray());
    }

    /// <summary>Why these options cannot sign links (every problem, one per line), or null when they can.</summary>
    public static string? Problems(ApprovalSigningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new StringBuilder();
        Describe(problems, CurrentSetting, options.ApprovalSigningKey, required: true);
        Describe(problems, PreviousSetting, options.ApprovalSigningKeyPrevious, required: false);
        return problems.Length == 0 ? null : problems.ToString().TrimEnd();
    }

    public override string ToString() => "ApprovalSigningKeys (values not shown)";

    private static void Describe(StringBuilder problems, string setting, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                problems.AppendLine($"{setting} is not set: approval links cannot be signed. Set it to base64 of at least {MinimumKeyBytes} random bytes (e.g. `openssl rand -base64 32`).");
            }

            return;
        }

        if (value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            problems.AppendLine($"{setting} is an unresolved Key Vault reference: create the secret and grant the app's identity read access to it, then restart.");
            return;
        }

        byte[]? key = Decode(value);
        if (key is null)
        {
            problems.AppendLine($"{setting} is not base64.");
        }
        else if (key.Length < MinimumKeyBytes)
        {
            problems.AppendLine($"{setting} decodes to {key.Length} bytes; at least {MinimumKeyBytes} are required.");
        }

        if (key is not null)
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[]? Decode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string trimmed = value.Trim();
        byte[] buffer = new byte[trimmed.Length];
        return Convert.TryFromBase64String(trimmed, buffer, out int written) ? buffer[..written] : null;
    }
}

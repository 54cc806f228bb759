namespace ReleasePolicy.Policy;

/// <summary>
/// How long storage must keep a release's evidence (the policy's <c>retention</c> section): a default, and per-service
/// overrides for services under a stricter or looser regime. Enforced by per-blob immutability where storage has it.
/// </summary>
public sealed record EvidenceRetention(int DefaultDays, IReadOnlyDictionary<string, int> Services)
{
    public const int MinDays = 1;

    /// <summary>100 years: far beyond any framework, and within what storage accepts.</summary>
    public const int MaxDays = 36_500;

    /// <summary>Seven years: the SOX retention, and what a policy without a <c>retention</c> section gets.</summary>
    public static EvidenceRetention Default { get; } = new(2555, new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase));

    public int DaysFor(string service) => this.Services.TryGetValue(service, out int days) ? days : this.DefaultDays;
}

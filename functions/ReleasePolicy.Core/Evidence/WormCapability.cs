namespace ReleasePolicy.Evidence;

/// <summary>What the storage account enforces, found once by a probe; <see cref="Status"/> goes into manifests and the health endpoint.</summary>
public sealed record WormCapability(bool ImmutabilityPolicy, bool LegalHold, string Status)
{
    public const string NotEnforced = "not enforced by storage";

    public static WormCapability Detect(bool immutability, bool legalHold, ImmutabilityMode mode) =>
        new(immutability, legalHold, mode == ImmutabilityMode.None
            ? "not requested by the app (ImmutabilityMode None); container policy only"
            : immutability ? $"enforced by storage ({mode})" : NotEnforced);
}

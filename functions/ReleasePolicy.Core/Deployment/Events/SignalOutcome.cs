namespace ReleasePolicy.Deployment.Events;

/// <summary>What became of one signal posted for a known release.</summary>
/// <param name="Duplicate">Its id was seen before (from the same source): acknowledged, no effect.</param>
/// <param name="Raised">It reached the release's running orchestration (only while the release is deploying).</param>
public sealed record SignalOutcome(bool Duplicate, bool Raised);

namespace ReleasePolicy.LocalHost.Durable;

/// <summary>Settings of the local Durable Task engine (section <c>ReleasePolicy:Durable</c>).</summary>
public sealed class LocalDurableOptions
{
    /// <summary>
    /// Task hub name: 3–45 letters and digits, starting with a letter. Use one per developer or test run, and never
    /// the hub of a deployed app.
    /// </summary>
    public string TaskHub { get; set; } = "ReleasePolicyLocal";

    /// <summary>How long a dequeued activity stays invisible to other workers; locks are renewed every quarter of it, so three renewals can be late or fail before it lapses.</summary>
    public TimeSpan ActivityVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Longest wait between queue polls when idle. The provider's 30 s default makes durable timers fire late
    /// after an idle period; one second keeps local timers close to on time.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Repairs the sidecar's known defects (see <see cref="SidecarCompatibleOrchestrationService"/>). Only a
    /// regression test that proves the defects still exist turns this off.
    /// </summary>
    internal bool RepairSidecarDefects { get; set; } = true;
}

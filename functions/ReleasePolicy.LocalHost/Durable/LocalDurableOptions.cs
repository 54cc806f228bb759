namespace ReleasePolicy.LocalHost.Durable;

/// <summary>Settings of the local Durable Task engine (section <c>ReleasePolicy:Durable</c>).</summary>
public sealed class LocalDurableOptions
{
    /// <summary>
    /// Task hub name: 3–45 letters and digits, starting with a letter. Use one per developer or test run, and never
    /// the hub of a deployed app.
    /// </summary>
    public string TaskHub { get; set; } = "ReleasePolicyLocal";

    /// <summary>
    /// How long a dequeued activity stays invisible to other workers; locks are renewed every quarter of it, so
    /// three renewals can be late or fail before it lapses. It is also how long an activity that was running when
    /// the host crashed waits before it runs again, hence shorter than the provider's 5-minute default.
    /// </summary>
    public TimeSpan ActivityVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an orchestration message that a crashed host had dequeued stays invisible before another host
    /// picks it up. The provider's 5-minute default would stall a release that long after a crash; orchestration
    /// episodes here take milliseconds, so 30 seconds is ample.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

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

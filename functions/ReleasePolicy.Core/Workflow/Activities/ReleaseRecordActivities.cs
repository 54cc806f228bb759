using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Activities;

/// <summary>Keeps the release index in step with the orchestration.</summary>
public sealed class ReleaseRecordActivities(IReleaseStore store)
{
    public async Task RecordProgressAsync(ReleaseProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await store.ApplyAsync(progress).ConfigureAwait(false);
    }
}

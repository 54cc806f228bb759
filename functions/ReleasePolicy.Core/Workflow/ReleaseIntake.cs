using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow;

/// <summary>
/// Accepts a validated release request exactly once per idempotency key: keeps the submitted body, creates the
/// release record pinned to the active policy, and makes sure its orchestration runs. Safe to retry at any point:
/// each step is create-only or checks before it acts, so a crash between steps is healed by the next attempt.
/// A new release that the active policy would reject whatever its evidence is refused before anything is written.
/// </summary>
public sealed class ReleaseIntake(IReleaseStore store, ISubmissionArchive submissions, PolicyCatalog policies, TimeProvider time)
{
    public async Task<IntakeResult> SubmitAsync(
        ReleaseRequest release,
        ReadOnlyMemory<byte> body,
        TimeSpan bakeTime,
        DurableTaskClient client,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(client);
        string id = ReleaseIdentity.IdFor(release.Service, release.IdempotencyKey);
        (PublishedPolicy activePolicy, PolicyDocument activeDocument) = await policies.GetActiveAsync(cancellationToken).ConfigureAwait(false);

        // Only a new release is screened: a replay is answered under the policy it was first accepted with.
        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is null
            && SubmissionScope.CannotPass(release, activeDocument) is { Count: > 0 } reasons)
        {
            return new IntakeResult(IntakeOutcome.CannotPass, id, ReleaseStatus.Rejected) { Reasons = reasons, Policy = activePolicy.Reference };
        }

        ReleaseRecord submitted = ReleaseRecord.Submitted(id, release, activePolicy.Reference, time.GetUtcNow());

        // The body first: a record never exists without the exact request it was judged on.
        int retentionDays = activeDocument.Retention.DaysFor(release.Service);
        await submissions.KeepAsync(submitted, body, retentionDays, cancellationToken).ConfigureAwait(false);
        bool created = await store.TryCreateAsync(submitted, cancellationToken).ConfigureAwait(false);
        ReleaseRecord current = created ? submitted : (await store.GetAsync(id, cancellationToken).ConfigureAwait(false))!;
        if (!created && current.Fingerprint != submitted.Fingerprint)
        {
            return new IntakeResult(IntakeOutcome.KeyReusedForAnotherRequest, id, current.Status);
        }

        // On a replay too, under the policy recorded at first submission, not whatever is active now.
        PolicyReference pinned = current.Policy ?? activePolicy.Reference;
        PolicyDocument pinnedDocument = pinned.Hash == activePolicy.Hash
            ? activeDocument
            : await policies.GetPinnedAsync(pinned, cancellationToken).ConfigureAwait(false);
        retentionDays = pinnedDocument.Retention.DaysFor(release.Service);

        var input = new ReleaseWorkflowInput(id, release, bakeTime, pinned)
        {
            RetentionDays = retentionDays,
            PostFactoReview = pinnedDocument.Approvals.Emergency?.PostFactoReview,
        };
        await EnsureOrchestrationAsync(client, input, cancellationToken).ConfigureAwait(false);
        return new IntakeResult(created ? IntakeOutcome.Accepted : IntakeOutcome.Replayed, id, current.Status);
    }

    private static async Task EnsureOrchestrationAsync(DurableTaskClient client, ReleaseWorkflowInput input, CancellationToken cancellationToken)
    {
        if (await client.GetInstanceAsync(input.ReleaseId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                WorkflowNames.ReleaseOrchestrator,
                input,
                new StartOrchestrationOptions(input.ReleaseId),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A concurrent retry of the same submission may have started it first: that is the outcome we wanted.
            if (await client.GetInstanceAsync(input.ReleaseId, CancellationToken.None).ConfigureAwait(false) is null)
            {
                throw;
            }
        }
    }
}

public enum IntakeOutcome
{
    Accepted,
    Replayed,
    KeyReusedForAnotherRequest,

    /// <summary>The active policy rejects this release whatever its evidence; nothing was written.</summary>
    CannotPass,
}

public sealed record IntakeResult(IntakeOutcome Outcome, string ReleaseId, ReleaseStatus Status)
{
    /// <summary>Why the release cannot pass (for <see cref="IntakeOutcome.CannotPass"/>), one per field.</summary>
    public IReadOnlyList<FieldError> Reasons { get; init; } = [];

    /// <summary>The policy the refusal was made under.</summary>
    public PolicyReference? Policy { get; init; }
}

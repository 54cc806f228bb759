using Microsoft.Extensions.Logging;

namespace ReleasePolicy.Approvals;

/// <summary>
/// Counts one answer: the tier must be open, the person eligible now (segregation of duties, membership), the
/// credential unused, the person not yet counted. The tally is changed under optimistic concurrency, so racing clicks
/// are counted one at a time; the one that decides the tier, and only it, tells the orchestration. Every answer that
/// is not counted is kept with the tier with its reason, and goes into the tier's evidence.
/// </summary>
public sealed partial class ApprovalAnswers(IApprovalStore store, ApproverEligibility eligibility, ILogger<ApprovalAnswers> logger)
{
    /// <param name="useCredentialOnce">Marks the credential used (first use wins); returns null when this was its first use, otherwise why not.</param>
    /// <param name="signal">How to tell the waiting orchestration (the Durable client of the calling function).</param>
    public async Task<AnswerOutcome> AnswerAsync(
        ApprovalAnswer answer, Func<CancellationToken, Task<string?>>? useCredentialOnce, IApprovalSignal signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(signal);
        StoredTier? read = await store.GetAsync(answer.ApprovalId, answer.Tier, cancellationToken).ConfigureAwait(false);
        if (read is null)
        {
            return new AnswerOutcome(AnswerResult.NotFound, RefusalCodes.UnknownApproval, $"No approval tier {answer.Tier} exists for {answer.ApprovalId}.", null);
        }

        if (!read.State.IsOpen)
        {
            await this.TellAgainIfTheirsAsync(read.State, answer.Person, signal, cancellationToken).ConfigureAwait(false);
            return await this.RefuseAsync(answer, AnswerResult.Conflict, RefusalCodes.TierClosed, $"Tier '{read.State.TierName}' is already {Describe(read.State.Status)}; this answer was not counted.", cancellationToken).ConfigureAwait(false);
        }

        if (read.State.HasAnswered(answer.Person))
        {
            return await this.RefuseAsync(answer, AnswerResult.Conflict, RefusalCodes.AlreadyAnswered, $"{answer.Person} has already answered tier '{read.State.TierName}'; one person counts once.", cancellationToken).ConfigureAwait(false);
        }

        Eligibility eligible = await eligibility.CheckAsync(read.State, answer.Person, cancellationToken).ConfigureAwait(false);
        if (!eligible.Allowed)
        {
            return await this.RefuseAsync(answer, AnswerResult.Refused, eligible.RefusalCode!, eligible.Reason!, cancellationToken).ConfigureAwait(false);
        }

        if (useCredentialOnce is not null && await useCredentialOnce(cancellationToken).ConfigureAwait(false) is { } used)
        {
            return await this.RefuseAsync(answer, AnswerResult.Conflict, RefusalCodes.TokenUsed, used, cancellationToken).ConfigureAwait(false);
        }

        var vote = new ApprovalVote(answer.Person, answer.Verdict, answer.Comment, answer.At, answer.Via, eligible.Via!);
        string? lateReason = null;
        var changed = await store.UpdateAsync(answer.ApprovalId, answer.Tier, tier =>
        {
            // Re-checked on every attempt: another click may have closed the tier or counted this person meanwhile.
            lateReason = !tier.IsOpen ? $"Tier '{tier.TierName}' was {Describe(tier.Status)} a moment before this answer; it was not counted."
                : tier.HasAnswered(answer.Person) ? $"{answer.Person} has already answered tier '{tier.TierName}'; one person counts once."
                : null;
            return lateReason is null ? tier.WithVote(vote) : null;
        }, cancellationToken).ConfigureAwait(false);

        if (changed is not { After: { } after })
        {
            string code = changed is { Before.IsOpen: false } ? RefusalCodes.TierClosed : RefusalCodes.AlreadyAnswered;
            return await this.RefuseAsync(answer, AnswerResult.Conflict, code, lateReason ?? "The tier changed; the answer was not counted.", cancellationToken).ConfigureAwait(false);
        }

        await store.RemovePendingAsync(answer.Person, answer.ApprovalId, answer.Tier, cancellationToken).ConfigureAwait(false);
        if (after.IsOpen)
        {
            LogCounted(logger, answer.ApprovalId, answer.Tier, after.Approvals, after.Quorum);
            return new AnswerOutcome(AnswerResult.Counted, null, $"Your {Verb(answer.Verdict)} is recorded: {after.Approvals} of {after.Quorum} approvals so far.", after);
        }

        await this.TellOrchestrationAsync(signal, after, cancellationToken).ConfigureAwait(false);
        return new AnswerOutcome(AnswerResult.Decided, null, $"Your {Verb(answer.Verdict)} is recorded. {after.Outcome}", after);
    }

    /// <summary>
    /// A voter of a tier their answers decided is back: their earlier click counted, and the host that counted it may
    /// have died before telling the orchestration (it would otherwise learn only at the tier's next reminder or
    /// deadline). Telling again is harmless, since the orchestration takes one decision per tier; a late answer of
    /// someone else tells nothing.
    /// </summary>
    private async Task TellAgainIfTheirsAsync(ApprovalTierState tier, string person, IApprovalSignal signal, CancellationToken cancellationToken)
    {
        if (tier.Status is TierStatus.Approved or TierStatus.Rejected && tier.HasAnswered(person))
        {
            await this.TellOrchestrationAsync(signal, tier, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The decision is already durable in the tally; if the orchestration cannot be told now, it reads the tally at
    /// its next reminder, escalation or deadline, so nothing is lost.
    /// </summary>
    private async Task TellOrchestrationAsync(IApprovalSignal signal, ApprovalTierState tier, CancellationToken cancellationToken)
    {
        try
        {
            await signal.TierDecidedAsync(tier.InstanceId, new TierDecided(tier.Tier, tier.Status), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSignalFailed(logger, ex, tier.ApprovalId, tier.Tier);
        }
    }

    private async Task<AnswerOutcome> RefuseAsync(ApprovalAnswer answer, AnswerResult result, string code, string reason, CancellationToken cancellationToken)
    {
        var refusal = new ApprovalRefusal(answer.Person, code, reason, answer.At, answer.Via);
        var changed = await store.UpdateAsync(answer.ApprovalId, answer.Tier, tier => tier.WithRefusal(refusal), cancellationToken).ConfigureAwait(false);
        LogRefused(logger, answer.ApprovalId, answer.Tier, code);
        return new AnswerOutcome(result, code, reason, changed?.After ?? changed?.Before);
    }

    private static string Verb(ApprovalVerdict verdict) => verdict == ApprovalVerdict.Approve ? "approval" : "rejection";

    private static string Describe(TierStatus status) => status switch
    {
        TierStatus.Approved => "approved",
        TierStatus.Rejected => "rejected",
        TierStatus.TimedOut => "closed by its deadline",
        _ => "open",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval {ApprovalId} tier {Tier}: answer counted ({Approvals} of {Quorum})")]
    private static partial void LogCounted(ILogger logger, string approvalId, int tier, int approvals, int quorum);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval {ApprovalId} tier {Tier}: answer refused ({Code})")]
    private static partial void LogRefused(ILogger logger, string approvalId, int tier, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval {ApprovalId} tier {Tier} is decided but its orchestration could not be told now; it will read the tally at its next timer")]
    private static partial void LogSignalFailed(ILogger logger, Exception exception, string approvalId, int tier);
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReleasePolicy.Access;
using ReleasePolicy.Approvals;
using ReleasePolicy.Approvals.Presentation;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Notifications;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.Functions.Triggers.Approvals;

/// <summary>
/// Where approvers answer: the approver page behind a signed single-use link (HTML for people, problem+json for
/// clients), and the Outlook Actionable Message endpoint (Microsoft's bearer token names the person). Both end in the
/// same tally, under the same segregation-of-duties and membership checks.
/// </summary>
public sealed partial class ApprovalApi(
    ApprovalLinkTokens tokens,
    ITokenUseLedger uses,
    ActionableMessageTokenValidator actionableTokens,
    ApprovalAnswers answers,
    IApprovalStore store,
    ApprovalSummaries summaries,
    IPeopleDirectory directory,
    ApprovalSecurityLog securityLog,
    IOptions<AuthOptions> auth,
    TimeProvider time,
    ILogger<ApprovalApi> logger)
{
    private const string ViaLink = "link";
    private const string ViaCard = "actionable-message";

    [Function("GetApprovalPage")]
    public async Task<IActionResult> GetPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reply = new ApprovalReply(request);
        (ApprovalLinkClaims? claims, IActionResult? refusal) = await this.CheckLinkAsync(request, reply, token, "GetApprovalPage", cancellationToken).ConfigureAwait(false);
        if (claims is null)
        {
            return refusal!;
        }

        StoredTier? tier = await store.GetAsync(claims.ApprovalId, claims.Tier, cancellationToken).ConfigureAwait(false);
        ApprovalSummary? summary = tier is null ? null : await summaries.ForAsync(tier.State, cancellationToken).ConfigureAwait(false);
        if (tier is null || summary is null)
        {
            const string Missing = "This link's approval no longer exists.";
            await this.RecordUnknownApprovalAsync("GetApprovalPage", claims, Missing, cancellationToken).ConfigureAwait(false);
            return reply.Refuse(StatusCodes.Status404NotFound, "Approval not found", Missing, RefusalCodes.UnknownApproval);
        }

        if (!tier.State.IsOpen)
        {
            return reply.Settled("Already decided", $"This tier is closed: {tier.State.Outcome}", summary, tier.State);
        }

        if (tier.State.HasAnswered(claims.Approver))
        {
            return reply.Settled("Already answered", $"{claims.Approver} has already answered this tier.", summary, tier.State);
        }

        DirectoryPerson? person = await directory.FindPersonAsync(claims.Approver, cancellationToken).ConfigureAwait(false);
        return reply.Form(summary, "/api/approvals/" + token, person?.DisplayName ?? claims.Approver, tier.State);
    }

    [Function("AnswerApproval")]
    public async Task<IActionResult> Answer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approvals/{token}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reply = new ApprovalReply(request);
        (ApprovalLinkClaims? claims, IActionResult? refusal) = await this.CheckLinkAsync(request, reply, token, "AnswerApproval", cancellationToken).ConfigureAwait(false);
        if (claims is null)
        {
            return refusal!;
        }

        (ApprovalAnswerBody? body, IActionResult? invalid) = await ApprovalAnswerBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return invalid!;
        }

        return await this.CountAsync(reply, claims, claims.Approver, body, ViaLink, client, cancellationToken).ConfigureAwait(false);
    }

    [Function("AnswerActionableMessage")]
    public async Task<IActionResult> AnswerCard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "approvals/actionable")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reply = new ApprovalReply(request, card: true);
        string? bearer = ActionableMessageBearer.Read(
            request.Headers[ActionableMessageBearer.ActionAuthorizationHeader].FirstOrDefault(),
            request.Headers.Authorization.FirstOrDefault());
        ActionableMessageValidation validated = await actionableTokens.ValidateAsync(bearer, cancellationToken).ConfigureAwait(false);
        if (validated.Failure == ActionableMessageFailure.MetadataUnavailable)
        {
            // Microsoft's signing keys could not be read: not the caller's fault, and worth a retry.
            request.HttpContext.Response.Headers.RetryAfter = "30";
            return reply.Refuse(StatusCodes.Status503ServiceUnavailable, "Try again", validated.Reason ?? "The Actionable Message signing keys cannot be read right now.");
        }

        if (!validated.IsValid)
        {
            string reason = validated.Reason ?? "The Actionable Message token is not valid.";
            await securityLog.RecordAsync("AnswerActionableMessage", "actionable-token-" + (validated.Failure?.ToString() ?? "invalid"), reason, null, cancellationToken).ConfigureAwait(false);
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return reply.Refuse(StatusCodes.Status401Unauthorized, "Unauthorized", reason, ApprovalReply.ActionableTokenCode(validated.Failure));
        }

        (ApprovalAnswerBody? body, IActionResult? invalid) = await ApprovalAnswerBody.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return invalid!;
        }

        (ApprovalLinkClaims? claims, IActionResult? refusal) = await this.CheckLinkAsync(request, reply, body.Token ?? string.Empty, "AnswerActionableMessage", cancellationToken, checkSignedIn: false).ConfigureAwait(false);
        if (claims is null)
        {
            return refusal!;
        }

        // Outlook names the person by mail address: the card answers only for the person the link was made for.
        DirectoryPerson? actor = await directory.FindPersonAsync(validated.Actor!.Email, cancellationToken).ConfigureAwait(false);
        if (actor is null || !Same(actor.Id, claims.Approver))
        {
            string reason = $"This card was sent to {claims.Approver}; {validated.Actor.Email} cannot answer it.";
            await this.RecordRefusalAsync("AnswerActionableMessage", claims, actor?.Id ?? validated.Actor.Email, RefusalCodes.WrongApprover, reason, ViaCard, cancellationToken).ConfigureAwait(false);
            return reply.Refuse(StatusCodes.Status403Forbidden, "Not the approver", reason, RefusalCodes.WrongApprover);
        }

        return await this.CountAsync(reply, claims, actor.Id, body, ViaCard, client, cancellationToken).ConfigureAwait(false);
    }

    private static bool InterruptedUse(TokenUse use, ApprovalLinkClaims claims, string decision) =>
        string.Equals(use.Decision, decision, StringComparison.Ordinal) && Same(use.Approver, claims.Approver);

    private async Task<IActionResult> CountAsync(
        ApprovalReply reply, ApprovalLinkClaims claims, string person, ApprovalAnswerBody body, string via, DurableTaskClient client, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        string decision = body.Verdict == ApprovalVerdict.Approve ? "approve" : "reject";
        var answer = new ApprovalAnswer(claims.ApprovalId, claims.Tier, person, body.Verdict, body.Comment, via, now);
        AnswerOutcome outcome = await answers.AnswerAsync(
            answer,
            async ct =>
            {
                TokenUse use = await uses.TryUseAsync(claims, decision, now, ct).ConfigureAwait(false);
                // Asked only when the tally has no answer from this person: a use with the same decision but no vote
                // was cut short (the host died between spending the link and counting the vote), and this click
                // finishes it. The tally still counts a person once, so the link can never take effect twice.
                return use.Won || InterruptedUse(use, claims, decision) ? null : $"This link was already used on {use.UsedAt:u} to {use.Decision}; a link works once.";
            },
            new DurableApprovalSignal(client),
            cancellationToken).ConfigureAwait(false);
        LogAnswer(logger, claims.ApprovalId, claims.Tier, outcome.Result, via);
        if (outcome.Result == AnswerResult.NotFound)
        {
            await this.RecordUnknownApprovalAsync(via == ViaCard ? "AnswerActionableMessage" : "AnswerApproval", claims, outcome.Message, cancellationToken).ConfigureAwait(false);
        }
        else if (outcome.Code == RefusalCodes.TierClosed)
        {
            // The tier's evidence record may already be written: a late answer is kept in the security log as well.
            await securityLog.RecordAsync(
                via == ViaCard ? "AnswerActionableMessage" : "AnswerApproval", outcome.Code, outcome.Message,
                $"approval {claims.ApprovalId}, tier {claims.Tier}, approver {claims.Approver}, presented by {person}", cancellationToken).ConfigureAwait(false);
        }

        ApprovalSummary? summary = outcome.Tier is { } tier ? await summaries.ForAsync(tier, cancellationToken).ConfigureAwait(false) : null;
        return outcome.Result switch
        {
            AnswerResult.Counted or AnswerResult.Decided => reply.Counted(body.Verdict, outcome, summary),
            AnswerResult.NotFound => reply.Refuse(StatusCodes.Status404NotFound, "Approval not found", outcome.Message, outcome.Code),
            AnswerResult.Refused => reply.Refuse(StatusCodes.Status403Forbidden, "Not allowed to answer", outcome.Message, outcome.Code),
            _ => reply.Refuse(StatusCodes.Status409Conflict, "Not counted", outcome.Message, outcome.Code),
        };
    }

    /// <summary>
    /// The link's signature and expiry; then, in Azure (a trusted signed-in principal), that the signed-in person is
    /// the one the link was made for. A refusal that proves nothing about a release goes to the security log.
    /// </summary>
    private async Task<(ApprovalLinkClaims? Claims, IActionResult? Refusal)> CheckLinkAsync(
        HttpRequest request, ApprovalReply reply, string token, string route, CancellationToken cancellationToken, bool checkSignedIn = true)
    {
        LinkTokenCheck check = tokens.Check(token, time.GetUtcNow());
        if (!check.IsValid)
        {
            (int status, string title) = check.Failure switch
            {
                LinkTokenFailure.Expired => (StatusCodes.Status410Gone, "Link expired"),
                LinkTokenFailure.BadSignature => (StatusCodes.Status403Forbidden, "Link not valid"),
                _ => (StatusCodes.Status400BadRequest, "Link not valid"),
            };
            string reason = check.Reason ?? "The approval link is not valid.";
            await securityLog.RecordAsync(route, "link-" + (check.Failure?.ToString() ?? "invalid"), reason, null, cancellationToken).ConfigureAwait(false);
            return (null, reply.Refuse(status, title, reason, "link-" + check.Failure?.ToString().ToLowerInvariant()));
        }

        ApprovalLinkClaims claims = check.Claims!;
        if (checkSignedIn && auth.Value.TrustPlatformPrincipal)
        {
            CallerPrincipal caller = HttpDoor.CallerOf(request);
            DirectoryPerson? signedIn = caller.IsAnonymous ? null : await directory.FindPersonAsync(caller.Name, cancellationToken).ConfigureAwait(false);
            if (signedIn is null || !Same(signedIn.Id, claims.Approver))
            {
                string reason = caller.IsAnonymous
                    ? $"Sign in as {claims.Approver} to use this link."
                    : $"This link was sent to {claims.Approver}; you are signed in as {caller.Name}.";
                if (!caller.IsAnonymous)
                {
                    await this.RecordRefusalAsync(route, claims, caller.Name, RefusalCodes.WrongApprover, reason, ViaLink, cancellationToken).ConfigureAwait(false);
                }

                return (null, reply.Refuse(caller.IsAnonymous ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden, "Not the approver", reason, RefusalCodes.WrongApprover));
            }
        }

        return (claims, null);
    }

    /// <summary>Keeps the refusal with its tier; a link for a tier that does not exist has none, so the security log keeps it.</summary>
    private async Task RecordRefusalAsync(string route, ApprovalLinkClaims claims, string person, string code, string reason, string via, CancellationToken cancellationToken)
    {
        var changed = await store.UpdateAsync(claims.ApprovalId, claims.Tier, t => t.WithRefusal(new ApprovalRefusal(person, code, reason, time.GetUtcNow(), via)), cancellationToken).ConfigureAwait(false);
        if (changed is null)
        {
            await securityLog.RecordAsync(route, code, reason, $"approval {claims.ApprovalId}, tier {claims.Tier}, approver {claims.Approver}, presented by {person}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An authentic link for an approval or tier that does not exist has no tier to keep its refusal: it means a leaked
    /// signing key or a purged approval, so it goes to the security log with what it claimed.
    /// </summary>
    private Task<string> RecordUnknownApprovalAsync(string route, ApprovalLinkClaims claims, string reason, CancellationToken cancellationToken) =>
        securityLog.RecordAsync(route, RefusalCodes.UnknownApproval, reason, $"approval {claims.ApprovalId}, tier {claims.Tier}, approver {claims.Approver}", cancellationToken);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval {ApprovalId} tier {Tier}: answer via {Via} → {Result}")]
    private static partial void LogAnswer(ILogger logger, string approvalId, int tier, AnswerResult result, string via);
}

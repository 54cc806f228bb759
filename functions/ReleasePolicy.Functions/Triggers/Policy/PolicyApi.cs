using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using ReleasePolicy.Approvals;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Validation;
using ReleasePolicy.Workflow;

namespace ReleasePolicy.Functions.Triggers.Policy;

/// <summary>The policy as code: read the active version and its history, the control matrix, and publish (admin only).</summary>
public sealed partial class PolicyApi(
    IPolicyStore store, PolicyCatalog catalog, PolicyChangeIntake intake, BlobPolicyProposals proposals, IApprovalStore approvals, ILogger<PolicyApi> logger)
{
    private static readonly string[] PolicyMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "application/json", "text/plain"];

    [Function("GetPolicy")]
    public async Task<IActionResult> GetActive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policy")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        PublishedPolicy active = await store.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        return Render(active, request);
    }

    [Function("ListPolicyVersions")]
    public async Task<IActionResult> ListVersions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policy/versions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<PublishedPolicy> versions = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            versions = [await store.GetActiveAsync(cancellationToken).ConfigureAwait(false)];
        }

        return ApiResults.Json(new
        {
            active = versions[^1].Sequence,
            items = versions.Select(v => new { v.Sequence, v.Version, v.Hash, v.PublishedAt, v.PublishedBy, url = VersionUrl(v.Sequence) }).Reverse().ToArray(),
        });
    }

    [Function("GetPolicyVersion")]
    public async Task<IActionResult> GetVersion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policy/versions/{sequence}")] HttpRequest request,
        string sequence,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!int.TryParse(sequence, out int number) || number < 1)
        {
            return ApiResults.ValidationProblem([new ProblemError("sequence", "Must be a whole number from 1.")]);
        }

        PublishedPolicy? published = await store.GetAsync(number, cancellationToken).ConfigureAwait(false);
        return published is null ? ApiResults.NotFound($"No policy version #{number}.") : Render(published, request);
    }

    [Function("GetPolicyControls")]
    public async Task<IActionResult> GetControls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policy/controls")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        (PublishedPolicy active, PolicyDocument document) = await catalog.GetActiveAsync(cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new { policyVersion = active.Version, policyHash = active.Hash, controls = ControlMatrix.Build(document) });
    }

    [Function("PublishPolicy")]
    public async Task<IActionResult> Publish(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "policy")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out MediaTypeHeaderValue? mediaType)
            || !PolicyMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return ApiResults.Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                $"Send the policy as one of: {string.Join(", ", PolicyMediaTypes)}.",
                [new ProblemError("Content-Type", $"Must be one of: {string.Join(", ", PolicyMediaTypes)}.")]);
        }

        (byte[]? body, IActionResult? refusal) = await JsonRequestBody.ReadUtf8TextAsync(request, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        string text = Encoding.UTF8.GetString(body!);
        PolicyParseResult parsed = PolicyParser.Parse(text);
        if (!parsed.IsValid)
        {
            return ApiResults.ValidationProblem(parsed.Errors.Select(e => new ProblemError(e.Path, e.Message, e.Line, e.Column)).ToArray());
        }

        // Always the authenticated principal (the door admitted only a policy.publish holder), never a header.
        string publishedBy = HttpDoor.CallerOf(request).Name;
        PolicyChangeIntakeResult result = await intake.ProposeAsync(text, parsed.Document!, publishedBy, client, cancellationToken).ConfigureAwait(false);
        if (result.Proposal is { } proposal)
        {
            // Not active yet: the active policy's council approves it first (GET the Location for its status).
            if (result.Kind == PolicyChangeIntakeKind.Proposed)
            {
                LogProposed(logger, proposal.Version, proposal.Hash);
            }
            else if (await this.StatusOfAsync(proposal, null, cancellationToken).ConfigureAwait(false) is { Status: "rejected" or "timedOut" } decided)
            {
                // A decision stands: asking again under the same version would only hide it.
                return ApiResults.Problem(
                    StatusCodes.Status409Conflict,
                    "This proposal was already decided",
                    $"Proposal {proposal.Version} was {decided.Status}: {decided.Reason} Propose the text again under a new `version`.");
            }

            JsonBodyResult accepted = ApiResults.Json(
                new { proposal.Version, proposal.Hash, status = "proposed", proposal.ProposedAt, proposal.ProposedBy, replaces = proposal.Base, statusUrl = ProposalUrl(proposal.Version) },
                StatusCodes.Status202Accepted);
            accepted.Headers["Location"] = ProposalUrl(proposal.Version);
            return accepted;
        }

        PublishOutcome outcome = result.Published!;
        switch (outcome.Kind)
        {
            case PublishOutcomeKind.Published:
                LogPublished(logger, outcome.Policy!.Version, outcome.Policy.Sequence, outcome.Policy.Hash);
                JsonBodyResult created = Summary(outcome.Policy, StatusCodes.Status201Created);
                created.Headers["Location"] = VersionUrl(outcome.Policy.Sequence);
                return created;
            case PublishOutcomeKind.Unchanged:
                return Summary(outcome.Policy!, StatusCodes.Status200OK);
            case PublishOutcomeKind.InactiveVersion:
                return ApiResults.Problem(StatusCodes.Status409Conflict, "This text is an earlier, inactive policy version", outcome.Reason!);
            default:
                return ApiResults.Problem(StatusCodes.Status409Conflict, "Policy version already published", outcome.Reason!);
        }
    }

    [Function("GetPolicyProposal")]
    public async Task<IActionResult> GetProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policy/proposals/{version}")] HttpRequest request,
        string version,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Identifiers.CheckVersion(version) is { } invalid)
        {
            return ApiResults.ValidationProblem([new ProblemError("version", invalid)]);
        }

        PolicyProposal? proposal = await proposals.GetAsync(version, cancellationToken).ConfigureAwait(false);
        if (proposal is null)
        {
            return ApiResults.NotFound($"No policy proposal '{version}'.");
        }

        IReadOnlyList<ApprovalTierState> tiers = await approvals.ListAsync(proposal.ApprovalId, cancellationToken).ConfigureAwait(false);
        ProposalStatus status = await this.StatusOfAsync(proposal, tiers, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new
        {
            proposal.Version,
            proposal.Hash,
            status = status.Status,
            reason = status.Reason,
            publishedSequence = status.PublishedSequence,
            active = status.Active,
            proposal.ProposedAt,
            proposal.ProposedBy,
            replaces = proposal.Base,
            tiers = tiers.Select(t => new
            {
                t.Tier,
                name = t.TierName,
                chain = t.ChainName,
                t.Quorum,
                status = t.Status,
                t.Outcome,
                t.Deadline,
                excluded = t.Excluded,
                votes = t.Votes.Select(v => new { v.Person, v.Verdict, v.Comment, v.At }).ToArray(),
            }).ToArray(),
            url = ProposalUrl(proposal.Version),
        });
    }

    private async Task<ProposalStatus> StatusOfAsync(PolicyProposal proposal, IReadOnlyList<ApprovalTierState>? tiers, CancellationToken cancellationToken)
    {
        tiers ??= await approvals.ListAsync(proposal.ApprovalId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<PublishedPolicy> versions = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return ProposalStatus.Of(proposal, tiers, versions);
    }

    private static JsonBodyResult Summary(PublishedPolicy policy, int status) =>
        ApiResults.Json(new { policy.Sequence, policy.Version, policy.Hash, policy.PublishedAt, policy.PublishedBy, url = VersionUrl(policy.Sequence) }, status);

    private static IActionResult Render(PublishedPolicy policy, HttpRequest request)
    {
        if (string.Equals(request.Query["format"].FirstOrDefault(), "yaml", StringComparison.OrdinalIgnoreCase))
        {
            return new ContentResult { Content = policy.Text, ContentType = "application/yaml; charset=utf-8", StatusCode = StatusCodes.Status200OK };
        }

        return ApiResults.Json(new { policy.Sequence, policy.Version, policy.Hash, policy.PublishedAt, policy.PublishedBy, text = policy.Text });
    }

    private static string VersionUrl(int sequence) => $"/api/policy/versions/{sequence}";

    private static string ProposalUrl(string version) => "/api/policy/proposals/" + Uri.EscapeDataString(version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proposed policy {Version} ({Hash}) for approval")]
    private static partial void LogProposed(ILogger logger, string version, string hash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published policy {Version} as #{Sequence} ({Hash})")]
    private static partial void LogPublished(ILogger logger, string version, int sequence, string hash);
}

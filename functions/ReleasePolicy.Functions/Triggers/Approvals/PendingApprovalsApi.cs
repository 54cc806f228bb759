using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Access;
using ReleasePolicy.Approvals;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Functions.Triggers.Approvals;

/// <summary>What waits on a person: operators and auditors may ask for anyone, a signed-in person for themselves.</summary>
public sealed class PendingApprovalsApi(IApprovalStore store)
{
    private const int MaxApproverLength = 256;

    [Function("ListPendingApprovals")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "approvals/pending")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CallerPrincipal caller = HttpDoor.CallerOf(request);
        string? approver = request.Query["approver"].Count == 1 ? request.Query["approver"][0] : null;
        if (string.IsNullOrWhiteSpace(approver) && caller.Kind == CallerKind.Person)
        {
            approver = caller.Name;
        }

        if (string.IsNullOrWhiteSpace(approver) || approver.Length > MaxApproverLength || TextCharacters.FindForbidden(approver) is not null)
        {
            return ApiResults.ValidationProblem([new ProblemError("approver", $"Required once: the approver's id (1–{MaxApproverLength} characters, no control or format characters).")]);
        }

        bool mayAskForAnyone = caller.HasAnyRole([Roles.Operator, Roles.EvidenceRead, Roles.PolicyPublish]);
        if (!mayAskForAnyone && !(caller.Kind == CallerKind.Person && string.Equals(caller.Name, approver, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiResults.Forbidden($"'{caller.Name}' may list only its own pending approvals; operators and auditors may list anyone's.");
        }

        IReadOnlyList<PendingApproval> pending = await store.ListPendingAsync(approver, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new { approver, pending });
    }
}

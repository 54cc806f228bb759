using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ReleasePolicy.Evidence;
using ReleasePolicy.Functions.Http;

namespace ReleasePolicy.Functions.Triggers.Audit;

/// <summary>What this deployment can promise: whether storage enforces WORM on evidence, and the signing key in use.</summary>
public sealed class HealthApi(IEvidenceStore evidence, EvidenceSigner signer)
{
    [Function("GetHealth")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        WormCapability worm = await evidence.GetWormCapabilityAsync(cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(new
        {
            status = "ok",
            evidence = new
            {
                worm = worm.Status,
                immutabilityPolicy = worm.ImmutabilityPolicy,
                legalHold = worm.LegalHold,
                signingKey = signer.Kid,
            },
        });
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ReleasePolicy.Evidence;
using ReleasePolicy.Functions.Http;

namespace ReleasePolicy.Functions.Triggers.Audit;

/// <summary>
/// The daily ledger: one signed, create-only document per UTC day naming the head of every release sealed that day,
/// chained to the day before, so a release deleted whole is still missed. Sealed by a timer after each day ends;
/// asking for an ended day that the timer has not sealed yet seals it (the result is the same immutable document).
/// </summary>
public sealed partial class LedgerApi(IEvidenceStore evidence, EvidenceSigner signer, TimeProvider time, ILogger<LedgerApi> logger)
{
    [Function("GetLedger")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/ledger/{date}")] HttpRequest request,
        string date,
        CancellationToken cancellationToken)
    {
        if (ParseDate(date) is not { } day)
        {
            return BadDate();
        }

        LedgerDownload? ledger = await this.SealedAsync(day, cancellationToken).ConfigureAwait(false);
        if (ledger is null)
        {
            return ApiResults.NotFound($"The ledger of {date} is not sealed: the day has not ended (plus the grace period) yet.");
        }

        return ApiResults.Json(new
        {
            date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            blob = EvidenceLayout.LedgerName(day),
            sha256 = EvidenceHash.Of(ledger.Json.Span),
            signature = Convert.ToBase64String(ledger.Signature.Span),
            ledger = JsonDocument.Parse(ledger.Json).RootElement.Clone(),
            verifyUrl = $"/api/audit/ledger/{date}/verify",
        });
    }

    [Function("VerifyLedger")]
    public async Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/ledger/{date}/verify")] HttpRequest request,
        string date,
        CancellationToken cancellationToken)
    {
        if (ParseDate(date) is not { } day)
        {
            return BadDate();
        }

        if (await this.SealedAsync(day, cancellationToken).ConfigureAwait(false) is null)
        {
            return ApiResults.NotFound($"The ledger of {date} is not sealed yet.");
        }

        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> chain = await evidence.DownloadLedgerChainAsync(day, cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(LedgerVerifier.Verify(chain, signer.VerificationKeys));
    }

    /// <summary>Seals yesterday's ledger (and any earlier day left unsealed) shortly after midnight UTC.</summary>
    [Function("SealEvidenceLedger")]
    public async Task SealDaily([TimerTrigger("0 20 0 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        DateOnly yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        IReadOnlyList<DateOnly> days = await evidence.SealLedgerAsync(yesterday, cancellationToken).ConfigureAwait(false);
        LogSealed(logger, days.Count, yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private async Task<LedgerDownload?> SealedAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (await evidence.GetLedgerAsync(day, cancellationToken).ConfigureAwait(false) is { } ledger)
        {
            return ledger;
        }

        try
        {
            await evidence.SealLedgerAsync(day, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // the day has not ended yet
        }

        return await evidence.GetLedgerAsync(day, cancellationToken).ConfigureAwait(false);
    }

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day) ? day : null;

    private static JsonBodyResult BadDate() => ApiResults.ValidationProblem([new ProblemError("date", "Must be a UTC date as yyyy-MM-dd.")]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sealed {Count} ledger day(s) through {Through}")]
    private static partial void LogSealed(ILogger logger, int count, string through);
}

using Azure;
using Azure.Data.Tables;
using ReleasePolicy.Access;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// The single-use ledger on Azure Tables: one row per token, PartitionKey = approval id, RowKey = the token's nonce.
/// An insert is atomic on the service, so among any number of concurrent clicks exactly one insert succeeds and the
/// others get 409 Conflict and read the winner's row. Release deletes with the winner's ETag (If-Match), so it can only
/// remove the row that use wrote.
/// </summary>
public sealed class TableTokenUseLedger : ITokenUseLedger
{
    public const int MaxDecisionLength = 64;

    // A row found missing right after a conflict was released by its winner in between: insert again, a few times.
    private const int MaxAttempts = 5;

    private readonly TableClient table;
    private readonly Lazy<Task> created;

    public TableTokenUseLedger(TableServiceClient service, string tableName)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        this.table = service.GetTableClient(tableName);
        this.created = new Lazy<Task>(() => this.table.CreateIfNotExistsAsync());
    }

    public async Task<TokenUse> TryUseAsync(ApprovalLinkClaims claims, string decision, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (ApprovalLinkClaimRules.Check(claims) is { } problem)
        {
            throw new ArgumentException(problem, nameof(claims));
        }

        if (string.IsNullOrWhiteSpace(decision) || decision.Length > MaxDecisionLength || !IdentifierText.IsClean(decision))
        {
            throw new ArgumentException($"A decision is 1 to {MaxDecisionLength} printable characters.", nameof(decision));
        }

        await this.created.Value.ConfigureAwait(false);
        var row = new TableEntity(PartitionKey(claims), RowKey(claims))
        {
            ["Tier"] = claims.Tier,
            ["Approver"] = claims.Approver,
            ["Decision"] = decision,
            ["UsedAt"] = at,
            ["ExpiresAt"] = claims.ExpiresAt,
        };

        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Response response = await this.table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                return new TokenUse(true, claims.Approver, decision, at) { Receipt = response.Headers.ETag?.ToString() };
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                NullableResponse<TableEntity> first = await this.table
                    .GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                if (first.HasValue)
                {
                    return new TokenUse(
                        false,
                        first.Value!.GetString("Approver") ?? claims.Approver,
                        first.Value.GetString("Decision") ?? string.Empty,
                        first.Value.GetDateTimeOffset("UsedAt") ?? first.Value.Timestamp ?? at);
                }

                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException("The token's use kept appearing and disappearing; try again.", ex);
                }
            }
        }
    }

    public async Task<bool> ReleaseAsync(ApprovalLinkClaims claims, TokenUse use, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(use);
        if (!use.Won || string.IsNullOrEmpty(use.Receipt))
        {
            throw new ArgumentException("Only a use this caller won can be released.", nameof(use));
        }

        try
        {
            await this.table.DeleteEntityAsync(PartitionKey(claims), RowKey(claims), new ETag(use.Receipt), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    private static string PartitionKey(ApprovalLinkClaims claims) => TableKeyText.Escape(claims.ApprovalId);

    private static string RowKey(ApprovalLinkClaims claims) => TableKeyText.Escape(claims.Nonce);
}

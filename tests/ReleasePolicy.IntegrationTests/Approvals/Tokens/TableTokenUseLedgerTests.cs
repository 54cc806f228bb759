using Azure.Data.Tables;
using ReleasePolicy.Approvals.Tokens;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Tokens;

/// <summary>The single-use ledger on Azurite: first use wins atomically, also under concurrent clicks.</summary>
public sealed class TableTokenUseLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TryUseAsync_FirstUse_Wins()
    {
        (ITokenUseLedger ledger, _) = await NewLedgerAsync();
        ApprovalLinkClaims claims = Claims();

        TokenUse use = await ledger.TryUseAsync(claims, "approve", At);

        Assert.True(use.Won);
        Assert.Equal(("alice", "approve", At), (use.Approver, use.Decision, use.UsedAt));
        Assert.False(string.IsNullOrEmpty(use.Receipt));
    }

    [Fact]
    public async Task TryUseAsync_SecondUse_IsRefusedWithTheFirstUse()
    {
        (ITokenUseLedger ledger, _) = await NewLedgerAsync();
        ApprovalLinkClaims claims = Claims();
        await ledger.TryUseAsync(claims, "approve", At);

        TokenUse again = await ledger.TryUseAsync(claims, "reject", At.AddMinutes(5));

        Assert.False(again.Won);
        Assert.Equal(("alice", "approve", At), (again.Approver, again.Decision, again.UsedAt));
        Assert.Null(again.Receipt);
    }

    [Fact]
    public async Task TryUseAsync_TwentyConcurrentUsesOfOneToken_ExactlyOneWins()
    {
        (ITokenUseLedger ledger, _) = await NewLedgerAsync();
        ApprovalLinkClaims claims = Claims();
        // Create the table first, so that the race is between inserts, not table creation.
        await ledger.TryUseAsync(Claims(), "warm-up", At);
        using var start = new ManualResetEventSlim(false);

        Task<TokenUse>[] clicks = Enumerable.Range(0, 20)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await ledger.TryUseAsync(claims, i % 2 == 0 ? "approve" : "reject", At.AddSeconds(i));
            }))
            .ToArray();
        start.Set();
        TokenUse[] uses = await Task.WhenAll(clicks);

        TokenUse winner = Assert.Single(uses, u => u.Won);
        Assert.All(uses.Where(u => !u.Won), lost => Assert.Equal((winner.Decision, winner.UsedAt), (lost.Decision, lost.UsedAt)));
    }

    [Fact]
    public async Task TryUseAsync_AnotherTokenForTheSameApproval_IsIndependent()
    {
        (ITokenUseLedger ledger, _) = await NewLedgerAsync();
        ApprovalLinkClaims first = Claims();
        await ledger.TryUseAsync(first, "approve", At);

        TokenUse other = await ledger.TryUseAsync(first with { Nonce = LinkTokenNonce.New() }, "approve", At);

        Assert.True(other.Won);
    }

    [Fact]
    public async Task ReleaseAsync_OwnUse_LetsTheTokenBeUsedAgain()
    {
        (ITokenUseLedger ledger, _) = await NewLedgerAsync();
        ApprovalLinkClaims claims = Claims();
        TokenUse use = await ledger.TryUseAsync(claims, "approve", At);

        bool released = await ledger.ReleaseAsync(claims, use);
        TokenUse retry = await ledger.TryUseAsync(claims, "reject", At.AddMinutes(1));

        Assert.True(released);
        Assert.True(retry.Won);
        Assert.Equal("reject", retry.Decision);
    }

    [Fact]
    public async Task ReleaseAsync_StaleReceipt_NeverRemovesALaterUse()
    {
        (ITokenUseLedger ledger, TableClient table) = await NewLedgerAsync();
        ApprovalLinkClaims claims = Claims();
        TokenUse first = await ledger.TryUseAsync(claims, "approve", At);
        await ledger.ReleaseAsync(claims, first);
        TokenUse second = await ledger.TryUseAsync(claims, "reject", At.AddMinutes(1));

        bool releasedAgain = await ledger.ReleaseAsync(claims, first);
        TokenUse third = await ledger.TryUseAsync(claims, "approve", At.AddMinutes(2));

        Assert.True(second.Won);
        Assert.False(releasedAgain);
        Assert.False(third.Won);
        Assert.Equal("reject", third.Decision);
        Assert.Single(table.Query<TableEntity>());
    }

    [Fact]
    public async Task ReleaseAsync_AUseThatLost_IsRefused()
    {
        (ITokenUseLedger ledger, _) = await NewLedgerAsync();
        ApprovalLinkClaims claims = Claims();
        await ledger.TryUseAsync(claims, "approve", At);
        TokenUse lost = await ledger.TryUseAsync(claims, "reject", At);

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.ReleaseAsync(claims, lost));
        Assert.False((await ledger.TryUseAsync(claims, "reject", At)).Won);
    }

    [Theory]
    [InlineData("")]
    [InlineData("approve\r\nX-Injected: 1")]
    [InlineData("a-decision-far-longer-than-sixty-four-characters-is-not-a-decision-at-all")]
    public async Task TryUseAsync_BadDecision_ThrowsAndWritesNothing(string decision)
    {
        (ITokenUseLedger ledger, TableClient table) = await NewLedgerAsync();
        await table.CreateIfNotExistsAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.TryUseAsync(Claims(), decision, At));
        Assert.Empty(table.Query<TableEntity>());
    }

    [Fact]
    public async Task TryUseAsync_ClaimsNoTokenCouldCarry_Throws()
    {
        (ITokenUseLedger ledger, _) = await NewLedgerAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.TryUseAsync(Claims() with { ApprovalId = "rel-x/../#?" }, "approve", At));
    }

    [Fact]
    public async Task TryUseAsync_PolicyApproval_StoresUnderItsApprovalId()
    {
        (ITokenUseLedger ledger, TableClient table) = await NewLedgerAsync();
        ApprovalLinkClaims claims = Claims() with { ApprovalId = "policy-2026.12.1+build.7" };

        await ledger.TryUseAsync(claims, "approve", At);

        TableEntity row = Assert.Single(table.Query<TableEntity>());
        Assert.Equal(("policy-2026.12.1+build.7", claims.Nonce), (row.PartitionKey, row.RowKey));
        Assert.Equal(claims.Tier, row.GetInt32("Tier"));
    }

    private static ApprovalLinkClaims Claims() =>
        new("rel-0123456789abcdef0123456789abcdef", 1, "alice", At.AddDays(1), LinkTokenNonce.New());

    private static async Task<(ITokenUseLedger Ledger, TableClient Table)> NewLedgerAsync()
    {
        var service = new TableServiceClient(await TestStorage.GetConnectionStringAsync());
        string name = TestNames.Unique("tokens");
        return (new TableTokenUseLedger(service, name), service.GetTableClient(name));
    }
}

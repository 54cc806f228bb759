using Azure.Data.Tables;

namespace ReleasePolicy.Storage;

/// <summary>Creates a table the first time a store touches it (once per process): the calendar and the events ledger share it.</summary>
internal sealed class TableOnFirstUse(TableClient table)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool exists;

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (this.exists)
        {
            return table;
        }

        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!this.exists)
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                this.exists = true;
            }
        }
        finally
        {
            this.gate.Release();
        }

        return table;
    }
}

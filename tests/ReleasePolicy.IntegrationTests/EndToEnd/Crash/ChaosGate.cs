namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// Keeps kills out of the moments where a host outage would rightly change a release's outcome: a healthy watch (an
/// outage longer than the 3 s sample gap is, by the policy, missing samples) and an error-rate breach until its
/// rollback is requested. Such a moment holds a quiet lease; a kill waits until no lease is held and, while it waits
/// and until the restarted host has settled, no new lease is given (so kills are delayed, never starved).
/// </summary>
internal sealed class ChaosGate
{
    private readonly Lock sync = new();
    private int leases;
    private bool exclusive;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until no kill is pending, then holds a quiet lease until disposed.</summary>
    public async Task<IDisposable> QuietAsync()
    {
        while (true)
        {
            Task wait;
            lock (this.sync)
            {
                if (!this.exclusive)
                {
                    this.leases++;
                    return new Lease(this);
                }

                wait = this.changed.Task;
            }

            await wait;
        }
    }

    /// <summary>Runs <paramref name="action"/> (a kill and restart) once every quiet lease is returned, one at a time.</summary>
    public async Task ExclusiveAsync(Func<Task> action)
    {
        await this.WaitUntilAsync(() => !this.exclusive, () => this.exclusive = true);
        try
        {
            await this.WaitUntilAsync(() => this.leases == 0, () => { });
            await action();
        }
        finally
        {
            lock (this.sync)
            {
                this.exclusive = false;
                this.Pulse();
            }
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition, Action then)
    {
        while (true)
        {
            Task wait;
            lock (this.sync)
            {
                if (condition())
                {
                    then();
                    return;
                }

                wait = this.changed.Task;
            }

            await wait;
        }
    }

    /// <summary>Wakes every waiter to look again; called under the lock.</summary>
    private void Pulse()
    {
        TaskCompletionSource old = this.changed;
        this.changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.SetResult();
    }

    private sealed class Lease(ChaosGate gate) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref this.disposed, 1) == 0)
            {
                lock (gate.sync)
                {
                    gate.leases--;
                    gate.Pulse();
                }
            }
        }
    }
}

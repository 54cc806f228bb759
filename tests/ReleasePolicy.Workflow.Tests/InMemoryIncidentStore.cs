using ReleasePolicy.Deployment.Incidents;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>Incidents in memory for orchestration tests (the Azure Table store is tested on Azurite).</summary>
internal sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly Dictionary<string, Incident> incidents = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public IReadOnlyList<Incident> All
    {
        get
        {
            lock (this.gate)
            {
                return this.incidents.Values.ToArray();
            }
        }
    }

    public Task<Incident> OpenAsync(Incident incident, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        lock (this.gate)
        {
            return Task.FromResult(this.incidents.TryAdd(incident.Id, incident) ? incident : this.incidents[incident.Id]);
        }
    }

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            return Task.FromResult(this.incidents.GetValueOrDefault(id));
        }
    }

    public Task<Incident> RecordRollbackAsync(string id, DateTimeOffset? rolledBackAt, bool rtoMet, CancellationToken cancellationToken = default) =>
        this.Change(id, i => i with { RolledBackAt = rolledBackAt, RtoMet = rtoMet });

    public Task<IReadOnlyList<Incident>> ListAsync(string? service, bool? owingRootCause, int limit, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            IReadOnlyList<Incident> found = this.incidents.Values
                .Where(i => (service is null || i.Service == service) && (owingRootCause is null || i.OwesRootCauseAnalysis == owingRootCause))
                .OrderByDescending(i => i.OpenedAt)
                .Take(limit)
                .ToArray();
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<Incident>> OwingRootCauseAsync(string service, string environment, CancellationToken cancellationToken = default)
    {
        lock (this.gate)
        {
            IReadOnlyList<Incident> owed = this.incidents.Values
                .Where(i => i.Service == service && i.Environment == environment && i.OwesRootCauseAnalysis)
                .OrderBy(i => i.OpenedAt)
                .ToArray();
            return Task.FromResult(owed);
        }
    }

    public Task<Incident> FileRootCauseAsync(string id, RootCauseAnalysis analysis, CancellationToken cancellationToken = default) =>
        this.Change(id, i => i.RootCauseAnalysis is null ? i with { RootCauseAnalysis = analysis } : throw new RootCauseAlreadyFiledException($"Incident {id} already has a root-cause analysis.") { Incident = i });

    private Task<Incident> Change(string id, Func<Incident, Incident> change)
    {
        lock (this.gate)
        {
            Incident changed = change(this.incidents.TryGetValue(id, out Incident? current) ? current : throw new KeyNotFoundException(id));
            this.incidents[id] = changed;
            return Task.FromResult(changed);
        }
    }
}

using System.Collections.Concurrent;
using ReleasePolicy.Deployment.Incidents;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>Incidents in memory for the workflow tests (the Tables store has its own tests on Azurite).</summary>
internal sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly ConcurrentDictionary<string, Incident> incidents = new(StringComparer.Ordinal);

    public Task<Incident> OpenAsync(Incident incident, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.incidents.GetOrAdd(incident.Id, incident));

    public Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.incidents.GetValueOrDefault(id));

    public Task<Incident> RecordRollbackAsync(string id, DateTimeOffset? rolledBackAt, bool rtoMet, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.incidents.AddOrUpdate(id, _ => throw new KeyNotFoundException(id), (_, i) => i with { RolledBackAt = rolledBackAt, RtoMet = rtoMet }));

    public Task<IReadOnlyList<Incident>> ListAsync(string? service, bool? owingRootCause, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Incident>>([.. this.incidents.Values
            .Where(i => (service is null || i.Service == service) && (owingRootCause is null || i.OwesRootCauseAnalysis == owingRootCause))
            .OrderByDescending(i => i.OpenedAt)
            .Take(limit)]);

    public Task<IReadOnlyList<Incident>> OwingRootCauseAsync(string service, string environment, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Incident>>([.. this.incidents.Values.Where(i => i.Service == service && i.Environment == environment && i.OwesRootCauseAnalysis)]);

    public Task<Incident> FileRootCauseAsync(string id, RootCauseAnalysis analysis, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.incidents.AddOrUpdate(id, _ => throw new KeyNotFoundException(id), (_, i) => i with { RootCauseAnalysis = analysis }));
}

using System.Collections.Concurrent;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>A store for orchestration tests, which check the workflow's logic, not storage (integration tests use Azurite).</summary>
internal sealed class InMemoryReleaseStore(TimeProvider time) : IReleaseStore
{
    private readonly ConcurrentDictionary<string, ReleaseRecord> records = new(StringComparer.Ordinal);

    public Task<ReleaseRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.records.TryGetValue(id, out ReleaseRecord? record) ? record : null);

    public Task<bool> TryCreateAsync(ReleaseRecord record, CancellationToken cancellationToken = default) =>
        Task.FromResult(this.records.TryAdd(record.Id, record));

    public Task<ReleaseRecord> ApplyAsync(ReleaseProgress progress, CancellationToken cancellationToken = default)
    {
        ReleaseRecord updated = this.records.AddOrUpdate(
            progress.ReleaseId,
            id => throw new ReleaseNotFoundException(id),
            (_, current) => current.With(progress, time.GetUtcNow()));
        return Task.FromResult(updated);
    }

    public Task<IReadOnlyList<ReleaseRecord>> ListAsync(ReleaseQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReleaseRecord>>(this.records.Values
            .Where(r => (query.Service is null || r.Service == query.Service) && (query.Status is null || r.Status == query.Status))
            .Take(query.Limit)
            .ToArray());
}

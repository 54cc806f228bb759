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

    public Task<ReleasePage> ListAsync(ReleaseQuery query, CancellationToken cancellationToken = default)
    {
        string? after = null;
        if (query.ContinuationToken is not null && !ReleaseListToken.TryDecode(query.ContinuationToken, out after))
        {
            throw new ArgumentException("Unknown continuation token.", nameof(query));
        }

        ReleaseRecord[] matching = this.records.Values
            .Where(r => (query.Service is null || r.Service == query.Service) && (query.Status is null || r.Status == query.Status))
            .Select(r => (Key: ReleaseIndexKeys.RowKeyFor(r.Id, r.CreatedAt), Record: r))
            .Where(r => after is null || string.CompareOrdinal(r.Key, after) > 0)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .Select(r => r.Record)
            .ToArray();
        ReleaseRecord[] page = matching.Take(query.Limit).ToArray();
        string? next = matching.Length > query.Limit ? ReleaseListToken.Encode(ReleaseIndexKeys.RowKeyFor(page[^1].Id, page[^1].CreatedAt)) : null;
        return Task.FromResult(new ReleasePage(page.Select(ReleaseSummary.Of).ToArray(), next));
    }
}

using ReleasePolicy.Policy;

namespace ReleasePolicy.Releases;

/// <summary>One line of the release list: where a release is, without its decisions (read those one release at a time).</summary>
public sealed record ReleaseSummary(
    string Id,
    string Service,
    string Version,
    string Environment,
    ReleaseType Type,
    ReleaseStage Stage,
    ReleaseStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ReleaseSummary Of(ReleaseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Id, record.Service, record.Version, record.Environment, record.Type, record.Stage, record.Status, record.CreatedAt, record.UpdatedAt);
    }
}

/// <summary>One page of the release list, newest first; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record ReleasePage(IReadOnlyList<ReleaseSummary> Items, string? ContinuationToken);

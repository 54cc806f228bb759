using ReleasePolicy.Policy;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Functions.Triggers.Releases;

/// <summary>One item of <c>GET /api/releases</c>: where a release is, and where to read the rest of it.</summary>
public sealed record ReleaseSummaryView(
    string Id,
    string Service,
    string Version,
    string Environment,
    ReleaseType Type,
    ReleaseStage Stage,
    ReleaseStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string StatusUrl)
{
    public static ReleaseSummaryView From(ReleaseSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(
            summary.Id,
            summary.Service,
            summary.Version,
            summary.Environment,
            summary.Type,
            summary.Stage,
            summary.Status,
            summary.CreatedAt,
            summary.UpdatedAt,
            ReleaseRoutes.StatusUrl(summary.Id));
    }
}

/// <summary>A page of the release list; <see cref="NextLink"/> is present while more releases remain.</summary>
public sealed record ReleaseList(IReadOnlyList<ReleaseSummaryView> Items, string? NextLink);

namespace ReleasePolicy.Approvals.Presentation;

public enum DiffLineKind
{
    Context,
    Added,
    Removed,

    /// <summary>A <c>@@ … @@</c> hunk header or a <c>---</c>/<c>+++</c> file header.</summary>
    Header,
}

/// <summary>One line of a unified diff, without its leading marker.</summary>
public sealed record DiffLine(DiffLineKind Kind, string Text)
{
    /// <summary>
    /// Splits a unified diff (as produced by any diff tool) into lines by their first character. <c>---</c>/<c>+++</c>
    /// count as file headers only before the first hunk, so a removed YAML <c>---</c> line stays a removal.
    /// </summary>
    public static IReadOnlyList<DiffLine> ParseUnified(string unifiedDiff)
    {
        ArgumentNullException.ThrowIfNull(unifiedDiff);
        var lines = unifiedDiff.ReplaceLineEndings("\n").Split('\n');
        var count = lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var result = new List<DiffLine>(count);
        var inHunk = false;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                inHunk = true;
                result.Add(new DiffLine(DiffLineKind.Header, line));
            }
            else if (!inHunk && (line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("+++", StringComparison.Ordinal)))
            {
                result.Add(new DiffLine(DiffLineKind.Header, line));
            }
            else
            {
                result.Add(Parse(line));
            }
        }

        return result;
    }

    private static DiffLine Parse(string line) => line.Length == 0
        ? new DiffLine(DiffLineKind.Context, string.Empty)
        : line[0] switch
        {
            '+' => new DiffLine(DiffLineKind.Added, line[1..]),
            '-' => new DiffLine(DiffLineKind.Removed, line[1..]),
            ' ' => new DiffLine(DiffLineKind.Context, line[1..]),
            _ => new DiffLine(DiffLineKind.Context, line),
        };
}

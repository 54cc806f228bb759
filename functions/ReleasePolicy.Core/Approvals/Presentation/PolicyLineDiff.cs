using System.Globalization;

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>
/// A line diff of two policy texts as unified-diff lines (hunks with three lines of context), from a longest common
/// subsequence. Policies are a few hundred lines, so the quadratic table is small; past <see cref="MaxCells"/> the
/// whole old text is shown removed and the new one added (still correct, only less precise).
/// </summary>
public static class PolicyLineDiff
{
    public const int ContextLines = 3;

    /// <summary>Bounds the LCS table (4 million cells, 16 MB of ints): far above any real policy.</summary>
    public const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compute(string before, string after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        string[] a = Lines(before);
        string[] b = Lines(after);
        List<DiffLine> edits = (long)a.Length * b.Length <= MaxCells ? Edits(a, b) : [.. a.Select(l => new DiffLine(DiffLineKind.Removed, l)), .. b.Select(l => new DiffLine(DiffLineKind.Added, l))];
        return Hunks(edits);
    }

    private static string[] Lines(string text)
    {
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    private static List<DiffLine> Edits(string[] a, string[] b)
    {
        // common[i, j] = length of the LCS of a[i..] and b[j..].
        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var edits = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                edits.Add(new DiffLine(DiffLineKind.Context, a[x++]));
                y++;
            }
            else if (common[x + 1, y] >= common[x, y + 1])
            {
                edits.Add(new DiffLine(DiffLineKind.Removed, a[x++]));
            }
            else
            {
                edits.Add(new DiffLine(DiffLineKind.Added, b[y++]));
            }
        }

        edits.AddRange(a[x..].Select(l => new DiffLine(DiffLineKind.Removed, l)));
        edits.AddRange(b[y..].Select(l => new DiffLine(DiffLineKind.Added, l)));
        return edits;
    }

    /// <summary>Keeps changed lines with <see cref="ContextLines"/> around them, each run under an <c>@@</c> header.</summary>
    private static List<DiffLine> Hunks(List<DiffLine> edits)
    {
        var keep = new bool[edits.Count];
        for (int i = 0; i < edits.Count; i++)
        {
            if (edits[i].Kind != DiffLineKind.Context)
            {
                for (int k = Math.Max(0, i - ContextLines); k <= Math.Min(edits.Count - 1, i + ContextLines); k++)
                {
                    keep[k] = true;
                }
            }
        }

        var result = new List<DiffLine>();
        int oldLine = 1, newLine = 1;
        for (int i = 0; i < edits.Count;)
        {
            if (!keep[i])
            {
                Advance(edits[i], ref oldLine, ref newLine);
                i++;
                continue;
            }

            int end = i;
            while (end < edits.Count && keep[end])
            {
                end++;
            }

            int oldCount = edits.Skip(i).Take(end - i).Count(e => e.Kind != DiffLineKind.Added);
            int newCount = edits.Skip(i).Take(end - i).Count(e => e.Kind != DiffLineKind.Removed);
            // As diff(1) writes it: an empty side names the line before the hunk.
            int oldStart = oldCount == 0 ? oldLine - 1 : oldLine;
            int newStart = newCount == 0 ? newLine - 1 : newLine;
            result.Add(new DiffLine(DiffLineKind.Header, string.Create(CultureInfo.InvariantCulture, $"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@")));
            for (; i < end; i++)
            {
                result.Add(edits[i]);
                Advance(edits[i], ref oldLine, ref newLine);
            }
        }

        return result;
    }

    private static void Advance(DiffLine line, ref int oldLine, ref int newLine)
    {
        if (line.Kind != DiffLineKind.Added)
        {
            oldLine++;
        }

        if (line.Kind != DiffLineKind.Removed)
        {
            newLine++;
        }
    }
}

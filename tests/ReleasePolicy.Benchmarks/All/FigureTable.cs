using System.Text;

namespace ReleasePolicy.Benchmarks.All;

/// <summary>The <c>all</c> command's one table, as plain text with aligned columns (it reads the same in a terminal and a README code block).</summary>
internal static class FigureTable
{
    private static readonly string[] Headers = ["figure", "measured", "goal", "met? / ratio"];

    public static string Format(IReadOnlyList<Figure> figures)
    {
        string[][] rows = [Headers, .. figures.Select(f => new[] { f.Name, f.Measured, f.Goal, f.Verdict })];
        int[] widths = Enumerable.Range(0, Headers.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < rows.Length; i++)
        {
            text.AppendLine(string.Join(" | ", rows[i].Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (i == 0)
            {
                text.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
            }
        }

        return text.ToString();
    }
}

using ReleasePolicy.Approvals.Presentation;

namespace ReleasePolicy.Core.Tests.Approvals.Presentation;

public sealed class PolicyLineDiffTests
{
    [Fact]
    public void Compute_OneChangedLine_IsOneHunkWithThreeLinesOfContextEachSide()
    {
        string before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        string after = before.Replace("line 10\n", "line ten\n", StringComparison.Ordinal);

        IReadOnlyList<DiffLine> diff = PolicyLineDiff.Compute(before, after);

        Assert.Equal(
            [
                new DiffLine(DiffLineKind.Header, "@@ -7,7 +7,7 @@"),
                new DiffLine(DiffLineKind.Context, "line 7"),
                new DiffLine(DiffLineKind.Context, "line 8"),
                new DiffLine(DiffLineKind.Context, "line 9"),
                new DiffLine(DiffLineKind.Removed, "line 10"),
                new DiffLine(DiffLineKind.Added, "line ten"),
                new DiffLine(DiffLineKind.Context, "line 11"),
                new DiffLine(DiffLineKind.Context, "line 12"),
                new DiffLine(DiffLineKind.Context, "line 13"),
            ],
            diff);
    }

    [Fact]
    public void Compute_SameText_IsEmpty()
    {
        Assert.Empty(PolicyLineDiff.Compute("a\nb\n", "a\r\nb\r\n"));
    }

    [Fact]
    public void Compute_ChangesFarApart_AreSeparateHunks()
    {
        string before = string.Join('\n', Enumerable.Range(1, 30).Select(i => $"l{i}"));
        string after = before.Replace("l2\n", string.Empty, StringComparison.Ordinal) + "\nl31";

        IReadOnlyList<DiffLine> diff = PolicyLineDiff.Compute(before, after);

        Assert.Equal(2, diff.Count(d => d.Kind == DiffLineKind.Header));
        Assert.Equal([new DiffLine(DiffLineKind.Removed, "l2")], diff.Where(d => d.Kind == DiffLineKind.Removed));
        Assert.Equal([new DiffLine(DiffLineKind.Added, "l31")], diff.Where(d => d.Kind == DiffLineKind.Added));
    }

    [Fact]
    public void Compute_AppliedAsAPatchToTheOldText_GivesTheNewText()
    {
        var random = new Random(7);
        for (int round = 0; round < 300; round++)
        {
            string[] a = Enumerable.Range(0, random.Next(0, 25)).Select(_ => "x" + random.Next(4)).ToArray();
            string[] b = Enumerable.Range(0, random.Next(0, 25)).Select(_ => "x" + random.Next(4)).ToArray();

            IReadOnlyList<DiffLine> diff = PolicyLineDiff.Compute(string.Join('\n', a), string.Join('\n', b));

            Assert.Equal(b, Apply(a, diff));
        }
    }

    /// <summary>A minimal patch: old lines up to each hunk are kept, each hunk's context must match the old text.</summary>
    private static string[] Apply(string[] old, IReadOnlyList<DiffLine> diff)
    {
        var result = new List<string>();
        int at = 0;
        foreach (DiffLine line in diff)
        {
            if (line.Kind == DiffLineKind.Header)
            {
                int start = int.Parse(line.Text.AsSpan(4, line.Text.IndexOf(',', StringComparison.Ordinal) - 4), System.Globalization.CultureInfo.InvariantCulture) - 1;
                int count = int.Parse(line.Text.Split(' ')[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
                start = count == 0 ? start + 1 : start;
                while (at < start)
                {
                    result.Add(old[at++]);
                }
            }
            else if (line.Kind == DiffLineKind.Added)
            {
                result.Add(line.Text);
            }
            else
            {
                Assert.Equal(old[at], line.Text);
                at++;
                if (line.Kind == DiffLineKind.Context)
                {
                    result.Add(line.Text);
                }
            }
        }

        result.AddRange(old[at..]);
        return [.. result];
    }
}

using ReleasePolicy.Approvals.Presentation;

namespace ReleasePolicy.Core.Tests.Approvals.Presentation;

public class DiffLineTests
{
    [Fact]
    public void ParseUnified_TypicalDiff_ClassifiesEachLineByItsMarker()
    {
        var lines = DiffLine.ParseUnified("--- a\r\n+++ b\r\n@@ -1 +1 @@\r\n keep\r\n-old\r\n+new\r\n");

        Assert.Equal(
            [
                new DiffLine(DiffLineKind.Header, "--- a"),
                new DiffLine(DiffLineKind.Header, "+++ b"),
                new DiffLine(DiffLineKind.Header, "@@ -1 +1 @@"),
                new DiffLine(DiffLineKind.Context, "keep"),
                new DiffLine(DiffLineKind.Removed, "old"),
                new DiffLine(DiffLineKind.Added, "new"),
            ],
            lines);
    }

    [Fact]
    public void ParseUnified_YamlDocumentMarkerInsideHunk_IsAChangeNotAHeader()
    {
        var lines = DiffLine.ParseUnified("@@ -1 +1 @@\n----\n+++x\n");

        Assert.Equal([DiffLineKind.Header, DiffLineKind.Removed, DiffLineKind.Added], lines.Select(l => l.Kind));
        Assert.Equal("---", lines[1].Text);
        Assert.Equal("++x", lines[2].Text);
    }
}

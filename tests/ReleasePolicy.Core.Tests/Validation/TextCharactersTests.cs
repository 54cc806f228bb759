using ReleasePolicy.Validation;

namespace ReleasePolicy.Core.Tests.Validation;

public class TextCharactersTests
{
    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("Zoë Ångström")]
    [InlineData("名前 😀")]
    public void FindForbidden_PrintableText_IsClean(string text) => Assert.Null(TextCharacters.FindForbidden(text));

    [Theory]
    [InlineData("a\u0000b", "control")]
    [InlineData("a\rb", "control")]
    [InlineData("a\nb", "control")]
    [InlineData("a\u001Bb", "control")]
    [InlineData("a\u007Fb", "control")]
    [InlineData("a\u0085b", "control")]
    [InlineData("a\u009Fb", "control")]
    [InlineData("evil\u202Egnp.exe", "bidirectional")]
    [InlineData("a\u2066b", "bidirectional")]
    [InlineData("a\u2069b", "bidirectional")]
    [InlineData("a\u200Bb", "format")]
    [InlineData("a\uFEFFb", "format")]
    [InlineData("a\u00ADb", "format")]
    [InlineData("tag\U000E0041", "format")]
    public void FindForbidden_NamesTheKindAndIndex(string text, string kind)
    {
        var reason = TextCharacters.FindForbidden(text);

        Assert.NotNull(reason);
        Assert.Contains(kind, reason, StringComparison.Ordinal);
        Assert.Contains("index", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindForbidden_LoneSurrogates_AreRefused()
    {
        Assert.Contains("lone surrogate", TextCharacters.FindForbidden("a" + (char)0xD800 + "b"), StringComparison.Ordinal);
        Assert.Contains("lone surrogate", TextCharacters.FindForbidden("a" + (char)0xDC00), StringComparison.Ordinal);
        Assert.Contains("lone surrogate", TextCharacters.FindForbidden(new string((char)0xDBFF, 1)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("line one\nline two\tindented", null)]
    [InlineData("windows\r\nline", "control")]
    [InlineData("bell\a", "control")]
    public void FindForbidden_AllowingLineBreaks_KeepsOnlyLineFeedAndTab(string text, string? kind)
    {
        var reason = TextCharacters.FindForbidden(text, allowLineBreaks: true);

        if (kind is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(kind, reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Escape_ControlAndBidiCharacters_BecomeEscapes()
    {
        var escaped = TextCharacters.Escape("a\r\nb\u202Ec");

        Assert.Equal("a\\u000D\\u000Ab\\u202Ec", escaped);
    }
}

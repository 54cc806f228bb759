using System.Text;
using ReleasePolicy.Deployment.Events;

namespace ReleasePolicy.Core.Tests.Deployment.Events;

public class EventTextTests
{
    [Fact]
    public void Cut_WithinLimit_KeepsTextWhole() =>
        Assert.Equal(("{\"a\":1}", false), EventText.Cut("{\"a\":1}", 16));

    [Fact]
    public void Cut_OverLimit_StaysWithinBytesAndNeverSplitsASurrogatePair()
    {
        string text = "ab" + string.Concat(Enumerable.Repeat("😀", 10));

        (string? cut, bool truncated) = EventText.Cut(text, 9);

        Assert.True(truncated);
        Assert.Equal("ab😀", cut);
        Assert.True(Encoding.UTF8.GetByteCount(cut!) <= 9);
    }

    [Fact]
    public void Attribute_Long_IsCutBeforeAHighSurrogate()
    {
        string text = new string('a', EventText.MaxAttributeChars - 1) + "😀";

        Assert.Equal(new string('a', EventText.MaxAttributeChars - 1), EventText.Attribute(text));
    }
}

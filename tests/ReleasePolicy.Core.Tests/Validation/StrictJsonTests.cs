using System.Text;
using ReleasePolicy.Validation;

namespace ReleasePolicy.Core.Tests.Validation;

public class StrictJsonTests
{
    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData("""{"a":{"b":[1,{"c":"\ud83d\ude00"}]},"b":{"a":2}}""")]
    [InlineData("""[{"a":1},{"a":1}]""")]
    [InlineData("""{"a":"tab\tand \"quote\" and \u00e9"}""")]
    public void Check_WellFormed_ReturnsNull(string json) =>
        Assert.Null(StrictJson.Check(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "a")]
    [InlineData("""{"evidence":{"runbook":{"url":"x","url":"y"}}}""", "evidence.runbook.url")]
    [InlineData("""{"list":[{"x":1},{"x":1,"x":2}]}""", "list[1].x")]
    [InlineData("""{"\u0061":1,"a":2}""", "a")]
    public void Check_DuplicateName_NamesThePath(string json, string path)
    {
        var error = StrictJson.Check(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(error);
        Assert.Equal(path, error.Field);
        Assert.Contains("Duplicate", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"service":"\ud800"}""", "service")]
    [InlineData("""{"service":"x\udc00"}""", "service")]
    [InlineData("""{"e":{"f":["ok","\ud83d"]}}""", "e.f[1]")]
    [InlineData("""{"e":"\ud83d\u0041"}""", "e")]
    [InlineData("""{"e":"\ud83dx"}""", "e")]
    public void Check_LoneSurrogateInValue_NamesThePath(string json, string path)
    {
        var error = StrictJson.Check(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(error);
        Assert.Equal(path, error.Field);
        Assert.Contains("lone surrogate", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LoneSurrogateInName_IsRefused()
    {
        var error = StrictJson.Check("""{"ok":{"\udfff":1}}"""u8);

        Assert.NotNull(error);
        Assert.Equal("ok", error.Field);
        Assert.Contains("lone surrogate", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}' }, 6)]
    [InlineData(new byte[] { (byte)'"', 0xFF, (byte)'"' }, 1)]
    [InlineData(new byte[] { (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' }, 1)]
    public void Check_InvalidUtf8_GivesTheByteOffset(byte[] body, int offset)
    {
        var error = StrictJson.Check(body);

        Assert.NotNull(error);
        Assert.Equal("$", error.Field);
        Assert.Contains("not valid UTF-8", error.Reason, StringComparison.Ordinal);
        Assert.Contains($"offset {offset}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InvalidUtf8AfterALongValidPrefix_GivesTheByteOffset()
    {
        var body = Encoding.UTF8.GetBytes("\"" + new string('é', 3000)).Concat(new byte[] { 0x80, (byte)'"' }).ToArray();

        Assert.Contains("offset 6001", StrictJson.Check(body)!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StrictJson.MaxDepth, true)]
    [InlineData(StrictJson.MaxDepth + 1, false)]
    [InlineData(10_000, false)]
    public void Check_Nesting_IsLimited(int depth, bool accepted)
    {
        var json = new string('[', depth) + new string(']', depth);

        var error = StrictJson.Check(Encoding.UTF8.GetBytes(json));

        Assert.Equal(accepted, error is null);
        if (!accepted)
        {
            Assert.Contains("Nested deeper", error!.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"a":""")]
    [InlineData("""{"a":1}x""")]
    [InlineData("")]
    [InlineData("{\"a\":\"raw\nline break\"}")]
    public void Check_Malformed_IsNotValidJson(string json)
    {
        var error = StrictJson.Check(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(error);
        Assert.Contains("not valid JSON", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Reason);
        Assert.DoesNotContain('\r', error.Reason);
    }
}

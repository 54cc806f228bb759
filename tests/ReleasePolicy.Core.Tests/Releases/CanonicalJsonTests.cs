using ReleasePolicy.Releases;

namespace ReleasePolicy.Core.Tests.Releases;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{ "b" : 2,  "a" : 1 }""")]
    [InlineData("""{"x":{"b":[1,{"d":0,"c":1}],"a":null}}""", """{"x":{"a":null,"b":[1,{"c":1,"d":0}]}}""")]
    [InlineData("""{"c":0.8}""", """{"c":0.80}""")]
    [InlineData("""{"c":0.8}""", """{"c":8e-1}""")]
    [InlineData("""{"c":100}""", """{"c":1E2}""")]
    [InlineData("""{"c":0}""", """{"c":-0.0}""")]
    [InlineData("""{"s":"é/\"x\""}""", """{"s":"\u00e9\/\"x\""}""")]
    public void Write_SameMeaningDifferentSpelling_IsEqual(string left, string right)
    {
        Assert.Equal(CanonicalJson.Write(left), CanonicalJson.Write(right));
    }

    [Theory]
    [InlineData("""{"c":0.8}""", """{"c":0.81}""")]
    [InlineData("""{"a":[1,2]}""", """{"a":[2,1]}""")]
    [InlineData("""{"a":"1"}""", """{"a":1}""")]
    [InlineData("""{"a":true}""", """{"a":"true"}""")]
    [InlineData("""{"a":null}""", """{}""")]
    [InlineData("""{"c":0.1}""", """{"c":0.1000000000000000000000000001}""")]
    public void Write_DifferentMeaning_Differs(string left, string right)
    {
        Assert.NotEqual(CanonicalJson.Write(left), CanonicalJson.Write(right));
    }

    [Fact]
    public void Write_NestedObject_SortsKeysAndDropsWhitespace()
    {
        Assert.Equal("""{"a":{"y":1,"z":[true,null]},"b":"t"}""", CanonicalJson.Write("""{ "b": "t", "a": { "z": [ true, null ], "y": 1.0 } }"""));
    }

    [Fact]
    public void Write_NumberBeyondDecimalRange_IsStillByValue()
    {
        Assert.Equal(CanonicalJson.Write("[1e300]"), CanonicalJson.Write("[10e299]"));
    }
}

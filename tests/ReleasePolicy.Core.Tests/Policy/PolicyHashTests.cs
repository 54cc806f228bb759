using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

public class PolicyHashTests
{
    [Fact]
    public void Compute_KnownText_IsLowercaseSha256()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PolicyHash.Compute("abc"));
    }

    [Theory]
    [InlineData("a: 1\r\nb: 2\r\n")]
    [InlineData("a: 1\rb: 2\r")]
    public void Compute_CrLfOrCrLineEndings_HashLikeLf(string text)
    {
        Assert.Equal(PolicyHash.Compute("a: 1\nb: 2\n"), PolicyHash.Compute(text));
    }

    [Fact]
    public void Compute_DifferentContent_DiffersFromSample()
    {
        var sample = SamplePolicy.Text;

        Assert.NotEqual(PolicyHash.Compute(sample), PolicyHash.Compute(sample + " "));
        Assert.Matches("^[0-9a-f]{64}$", PolicyHash.Compute(sample));
    }
}

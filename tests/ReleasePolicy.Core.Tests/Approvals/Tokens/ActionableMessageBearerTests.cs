using ReleasePolicy.Approvals.Tokens;

namespace ReleasePolicy.Core.Tests.Approvals.Tokens;

public sealed class ActionableMessageBearerTests
{
    [Theory]
    [InlineData("Bearer abc.def.ghi", null, "abc.def.ghi")]
    [InlineData("bearer   abc.def.ghi  ", null, "abc.def.ghi")]
    [InlineData(null, "Bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("Bearer from-action", "Bearer from-authorization", "from-action")]
    [InlineData("", "Bearer from-authorization", "from-authorization")]
    public void Read_BearerToken_PrefersActionAuthorization(string? action, string? authorization, string expected)
    {
        Assert.Equal(expected, ActionableMessageBearer.Read(action, authorization));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("Bearer", null)]
    [InlineData("Bearer    ", null)]
    [InlineData("Basic dXNlcjpwYXNz", null)]
    [InlineData(null, "local-dev-function-key")]
    [InlineData("abc.def.ghi", null)]
    public void Read_NoBearerToken_IsNull(string? action, string? authorization)
    {
        Assert.Null(ActionableMessageBearer.Read(action, authorization));
    }
}

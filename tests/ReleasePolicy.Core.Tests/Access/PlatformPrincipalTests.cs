using System.Text;
using ReleasePolicy.Access;

namespace ReleasePolicy.Core.Tests.Access;

public sealed class PlatformPrincipalTests
{
    [Fact]
    public void Parse_EntraUser_ReadsNameObjectIdAndKnownRoles()
    {
        string header = PlatformPrincipal.Encode(
            "aad",
            [
                ("name", "Alice Example"),
                ("preferred_username", "alice@contoso.example"),
                ("http://schemas.microsoft.com/identity/claims/objectidentifier", "0000-1111"),
                ("roles", "evidence.read"),
                ("roles", "Global.Admin"),
            ],
            nameType: "preferred_username");

        CallerPrincipal? caller = PlatformPrincipal.Parse(header);

        Assert.NotNull(caller);
        Assert.Equal("alice@contoso.example", caller.Name);
        Assert.Equal("0000-1111", caller.ObjectId);
        Assert.Equal(CallerKind.Person, caller.Kind);
        Assert.Equal(["evidence.read"], caller.Roles);
        Assert.Equal("platform:aad", caller.AuthenticatedBy);
    }

    [Fact]
    public void Parse_ApplicationToken_IsAPipelineNamedByItsClientId()
    {
        string header = PlatformPrincipal.Encode("aad", [("idtyp", "app"), ("azp", "6f1c-client"), ("roles", "release.submit")]);

        CallerPrincipal? caller = PlatformPrincipal.Parse(header);

        Assert.NotNull(caller);
        Assert.Equal("6f1c-client", caller.Name);
        Assert.Equal(CallerKind.Pipeline, caller.Kind);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("")]
    [InlineData("bnVsbA==")] // "null"
    [InlineData("e30=")] // "{}"
    [InlineData("eyJjbGFpbXMiOltdfQ==")] // {"claims":[]}: nobody
    public void Parse_MalformedOrEmpty_IsNull(string header)
    {
        Assert.Null(PlatformPrincipal.Parse(header));
    }

    [Fact]
    public void Parse_NameWithControlCharacters_IsRefused()
    {
        string header = PlatformPrincipal.Encode("aad", [("name", "alice\r\nadmin")]);

        Assert.Null(PlatformPrincipal.Parse(header));
    }

    [Fact]
    public void Parse_InvalidJsonInsideBase64_IsNull()
    {
        string header = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\": [ {\"typ\": \"name\", "));

        Assert.Null(PlatformPrincipal.Parse(header));
    }
}

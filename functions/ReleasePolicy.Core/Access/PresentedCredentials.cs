namespace ReleasePolicy.Access;

/// <summary>What a request carries that could identify its caller, lifted from HTTP by the door.</summary>
/// <param name="HeaderKey">The <c>x-functions-key</c> header.</param>
/// <param name="QueryKey">The <c>code</c> query parameter.</param>
/// <param name="PlatformPrincipal">The <c>X-MS-CLIENT-PRINCIPAL</c> header.</param>
public sealed record PresentedCredentials(string? HeaderKey, string? QueryKey, string? PlatformPrincipal)
{
    public const string KeyHeaderName = "x-functions-key";
    public const string KeyQueryName = "code";
}

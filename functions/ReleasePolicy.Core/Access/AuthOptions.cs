namespace ReleasePolicy.Access;

/// <summary>Section <c>ReleasePolicy:Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>
    /// Read the <c>X-MS-CLIENT-PRINCIPAL</c> header that App Service authentication (Entra ID) injects. Only turn this on
    /// where App Service authentication is enabled (infra/ sets both together): anywhere else anyone can forge the header.
    /// </summary>
    public bool TrustPlatformPrincipal { get; set; }
}

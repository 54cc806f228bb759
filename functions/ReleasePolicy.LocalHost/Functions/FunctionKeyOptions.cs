namespace ReleasePolicy.LocalHost.Functions;

/// <summary>
/// Keys the local host accepts for <c>AuthorizationLevel.Function</c> (and higher) routes, mirroring the
/// Functions host: the function key or the master key, in the <c>x-functions-key</c> header or <c>code</c> query.
/// </summary>
public sealed class FunctionKeyOptions
{
    /// <summary>The documented development default; override it with <c>ReleasePolicy__FunctionKey</c>.</summary>
    public const string DevelopmentDefault = "local-dev-function-key";

    public string FunctionKey { get; set; } = DevelopmentDefault;

    /// <summary>The master key (Functions "admin" level). Empty means admin-level routes are closed.</summary>
    public string? MasterKey { get; set; }

    /// <summary>
    /// The policy administrator's key. In Azure it is also registered as a host key, so the platform lets it
    /// through to the function, which then checks it; the local host mirrors that by accepting it here.
    /// </summary>
    public string? AdminKey { get; set; }
}

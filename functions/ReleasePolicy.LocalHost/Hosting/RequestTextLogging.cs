using Microsoft.Extensions.Logging;

namespace ReleasePolicy.LocalHost.Hosting;

/// <summary>
/// ASP.NET Core's request logging (<c>Hosting.Diagnostics</c> "Request starting…", the routing matcher) formats the
/// percent-decoded request path into its message, so <c>/api/releases/%0D%0Afake</c> would write a raw CR/LF into the
/// log. Those categories are pinned to Warning here, after configuration, so that even a verbose logging setting cannot
/// turn them back on; our own logs carry request text only as validated or escaped structured values.
/// </summary>
internal static class RequestTextLogging
{
    public static void PinPathEchoingCategories(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);
    }
}

using System.Net;
using System.Net.Sockets;

namespace ReleasePolicy.LocalHost.Hosting;

internal static class LoopbackPort
{
    /// <summary>A loopback port that was free a moment ago, for a child process that must be told its port up front.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

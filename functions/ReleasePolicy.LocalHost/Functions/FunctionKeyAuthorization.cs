using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ReleasePolicy.LocalHost.Functions;

/// <summary>Applies the Functions host's key check to a request, before the function runs.</summary>
internal static class FunctionKeyAuthorization
{
    public const string HeaderName = "x-functions-key";

    public static bool IsAuthorized(HttpRequest request, AuthorizationLevel level, FunctionKeyOptions keys)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        string? presented = request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query["code"].FirstOrDefault();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        bool isMaster = Matches(presented, keys.MasterKey);
        return level switch
        {
            AuthorizationLevel.Function => isMaster || Matches(presented, keys.FunctionKey) || Matches(presented, keys.AdminKey),
            _ => isMaster,
        };
    }

    private static bool Matches(string presented, string? expected) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}

using Azure.Identity;
using Microsoft.Kiota.Abstractions;

namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// How every Graph call ends: a 404 is an answer (nobody / no such group), a token that cannot be had is a
/// configuration fault named as such, and anything else (throttling and 5xx after the SDK's retries) is thrown.
/// </summary>
internal static class GraphCalls
{
    public static async Task<T> OrWhenNotFound<T>(Func<Task<T>> call, T notFound)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 404)
        {
            return notFound;
        }
        catch (AuthenticationFailedException ex)
        {
            throw NoToken(ex);
        }
    }

    public static async Task Run(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (AuthenticationFailedException ex)
        {
            throw NoToken(ex);
        }
    }

    private static GraphNotConfiguredException NoToken(AuthenticationFailedException ex) => new(
        "No token for Microsoft Graph: configure ReleasePolicy:Graph:TenantId, ClientId and ClientSecret, or run with a managed identity "
        + "granted the Graph application roles (see README, \"Microsoft Graph and mail\"). " + ex.GetType().Name + ": " + ex.Message,
        ex);
}

using Azure.Identity;
using Microsoft.Kiota.Abstractions;

namespace ReleasePolicy.Notifications.Graph;

/// <summary>
/// How every Graph call ends: a 404 is an answer (nobody / no such group), a token that cannot be had is a
/// configuration fault named as such, and any other failure (throttling and 5xx after the SDK's retries, which it
/// reports as an <see cref="AggregateException"/> of every attempt) is one <see cref="GraphUnavailableException"/>.
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
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    public static async Task Run(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    private static Exception? Translate(Exception ex) => ex switch
    {
        AuthenticationFailedException noToken => NoToken(noToken),
        ApiException api => Unavailable(api.ResponseStatusCode, ex),
        AggregateException { InnerExceptions: [.., ApiException last] } => Unavailable(last.ResponseStatusCode, ex),
        HttpRequestException http => Unavailable((int?)http.StatusCode ?? 0, ex),
        _ => null,
    };

    private static GraphUnavailableException Unavailable(int status, Exception ex) =>
        new(status, $"Microsoft Graph failed (HTTP {status}){(ex is AggregateException ? " after the SDK's retries" : string.Empty)}.", ex);

    private static GraphNotConfiguredException NoToken(AuthenticationFailedException ex) => new(
        "No token for Microsoft Graph: configure ReleasePolicy:Graph:TenantId, ClientId and ClientSecret, or run with a managed identity "
        + "granted the Graph application roles (see README, \"Microsoft Graph and mail\"). " + ex.GetType().Name + ": " + ex.Message,
        ex);
}

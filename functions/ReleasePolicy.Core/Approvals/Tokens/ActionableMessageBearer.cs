namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Where an Actionable Message request carries Microsoft's token. Cards should set the <c>Authorization</c> header of
/// their <c>Action.Http</c> to an empty value: Outlook then sends the token in <c>Action-Authorization</c> instead, so it
/// never meets App Service authentication, which would refuse a bearer token issued for another audience with 401.
/// </summary>
public static class ActionableMessageBearer
{
    public const string ActionAuthorizationHeader = "Action-Authorization";
    public const string CardAuthorizationHeader = "Authorization";

    private const string Scheme = "Bearer ";

    /// <summary>
    /// The token from <c>Action-Authorization</c>, else from <c>Authorization</c>; null when neither holds a bearer
    /// token. A header of another scheme (an API key, Basic) is not a token.
    /// </summary>
    public static string? Read(string? actionAuthorization, string? authorization) =>
        Token(actionAuthorization) ?? Token(authorization);

    private static string? Token(string? header)
    {
        if (header is null)
        {
            return null;
        }

        string trimmed = header.Trim();
        if (!trimmed.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string token = trimmed[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}

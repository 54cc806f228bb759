using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ReleasePolicy.Access;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Validates the bearer token Microsoft puts on an Actionable Message's <c>Action.Http</c> request: issuer, audience
/// (our base URL), RS256 signature by a key of the configured OpenID metadata, lifetime with a small skew, the issuing
/// application, and an actor claim. Bad tokens are results, never exceptions; nothing of a token is logged.
/// One instance per app: its <see cref="IConfigurationManager{T}"/> caches the metadata and keys, refreshes them
/// periodically, and once more on demand when a token names a key it does not know (key rollover).
/// </summary>
public sealed partial class ActionableMessageTokenValidator
{
    /// <summary>Far above a real token (about 1–2 KB); refuses megabyte headers before any parsing.</summary>
    public const int MaxTokenLength = 16 * 1024;

    private readonly ActionableMessageOptions options;
    private readonly IConfigurationManager<OpenIdConnectConfiguration> metadata;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly JsonWebTokenHandler handler = new();

    public ActionableMessageTokenValidator(
        ActionableMessageOptions options,
        IConfigurationManager<OpenIdConnectConfiguration> metadata,
        TimeProvider time,
        ILogger<ActionableMessageTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (ActionableMessageOptions.Problems(options) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        this.options = options;
        this.metadata = metadata;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The metadata cache for <paramref name="options"/>: HTTPS required unless the metadata host is loopback.</summary>
    public static IConfigurationManager<OpenIdConnectConfiguration> CreateMetadataManager(ActionableMessageOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retriever = httpClient is null ? new HttpDocumentRetriever() : new HttpDocumentRetriever(httpClient);
        retriever.RequireHttps = !options.MetadataAddress.IsLoopback;
        return new ConfigurationManager<OpenIdConnectConfiguration>(
            options.MetadataAddress.AbsoluteUri,
            new OpenIdConnectConfigurationRetriever(),
            retriever);
    }

    public async Task<ActionableMessageValidation> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        ActionableMessageValidation result = await this.ValidateCoreAsync(token, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            LogRefused(this.logger, result.Failure!.Value, result.Reason!);
        }

        return result;
    }

    private async Task<ActionableMessageValidation> ValidateCoreAsync(string? token, CancellationToken cancellationToken)
    {
        if (!this.options.Enabled)
        {
            return ActionableMessageValidation.Invalid(ActionableMessageFailure.Disabled, "Actionable Messages are not enabled on this service; use the link in the mail.");
        }

        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength || !this.handler.CanReadToken(token))
        {
            return Invalid(ActionableMessageFailure.Malformed);
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await this.metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or ArgumentException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            LogMetadataUnavailable(this.logger, this.options.MetadataAddress, ex.GetType().Name, ex.Message);
            return Invalid(ActionableMessageFailure.MetadataUnavailable);
        }

        TokenValidationResult validated = await this.handler.ValidateTokenAsync(token, this.Parameters(configuration)).ConfigureAwait(false);
        if (validated.Exception is SecurityTokenSignatureKeyNotFoundException
            && await this.RefreshedAsync(configuration, cancellationToken).ConfigureAwait(false) is { } refreshed)
        {
            validated = await this.handler.ValidateTokenAsync(token, this.Parameters(refreshed)).ConfigureAwait(false);
        }

        if (!validated.IsValid)
        {
            return Invalid(Classify(validated.Exception));
        }

        var jwt = (JsonWebToken)validated.SecurityToken;
        if (this.CheckLifetime(jwt) is { } lifetime)
        {
            return Invalid(lifetime);
        }

        if (!string.IsNullOrEmpty(this.options.ApplicationId))
        {
            string? application = Claim(jwt, "appid") ?? Claim(jwt, "azp");
            if (!string.Equals(application, this.options.ApplicationId, StringComparison.OrdinalIgnoreCase))
            {
                return Invalid(ActionableMessageFailure.WrongApplication);
            }
        }

        string? actor = Claim(jwt, this.options.ActorClaim);
        if (string.IsNullOrWhiteSpace(actor) || !IdentifierText.IsClean(actor))
        {
            return Invalid(ActionableMessageFailure.MissingSubject);
        }

        return ActionableMessageValidation.Valid(new ActionableMessageActor(actor, CleanOrNull(Claim(jwt, "sender")), CleanOrNull(Claim(jwt, "tid"))));
    }

    /// <summary>
    /// The token names a key we have not cached: the issuer may have rolled its keys. Ask for a refresh (the manager
    /// allows one per <c>RefreshInterval</c>, 5 minutes, so unknown key ids cannot make us hammer the issuer) and wait up
    /// to a second for it, since the manager refreshes in the background. Null when nothing new arrived.
    /// </summary>
    private async Task<OpenIdConnectConfiguration?> RefreshedAsync(OpenIdConnectConfiguration stale, CancellationToken cancellationToken)
    {
        this.metadata.RequestRefresh();
        for (int poll = 0; poll < 10; poll++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            OpenIdConnectConfiguration current = await this.metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(current, stale))
            {
                return current;
            }
        }

        return null;
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration)
    {
        string audience = this.options.Audience!.TrimEnd('/');
        return new TokenValidationParameters
        {
            ValidIssuer = this.options.Issuer,
            // The base URL with or without its final slash: both name our service.
            ValidAudiences = [audience, audience + "/"],
            IssuerSigningKeys = configuration.SigningKeys,
            // Microsoft signs these tokens with RS256; refusing other algorithms closes algorithm-confusion attacks.
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            // Lifetime is checked after the signature by CheckLifetime, against the injected TimeProvider (tests move time;
            // the handler only reads the system clock).
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
    }

    private ActionableMessageFailure? CheckLifetime(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue("exp", out long expires))
        {
            return ActionableMessageFailure.Malformed;
        }

        DateTimeOffset now = this.time.GetUtcNow();
        if (now - this.options.ClockSkew >= DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253_402_300_799)))
        {
            return ActionableMessageFailure.Expired;
        }

        if (jwt.TryGetPayloadValue("nbf", out long notBefore)
            && now + this.options.ClockSkew < DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(notBefore, 0, 253_402_300_799)))
        {
            return ActionableMessageFailure.NotYetValid;
        }

        return null;
    }

    private static ActionableMessageFailure Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => ActionableMessageFailure.Expired,
        SecurityTokenNotYetValidException => ActionableMessageFailure.NotYetValid,
        SecurityTokenInvalidIssuerException => ActionableMessageFailure.WrongIssuer,
        SecurityTokenInvalidAudienceException => ActionableMessageFailure.WrongAudience,
        SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException => ActionableMessageFailure.BadSignature,
        SecurityTokenInvalidLifetimeException => ActionableMessageFailure.Expired,
        _ => ActionableMessageFailure.Malformed,
    };

    private static ActionableMessageValidation Invalid(ActionableMessageFailure failure) => ActionableMessageValidation.Invalid(failure, failure switch
    {
        ActionableMessageFailure.Malformed => "The action's bearer token is missing or not a signed token.",
        ActionableMessageFailure.WrongIssuer => "The action's bearer token was not issued by the Actionable Messages service.",
        ActionableMessageFailure.WrongAudience => "The action's bearer token is meant for another service.",
        ActionableMessageFailure.BadSignature => "The action's bearer token signature is not valid.",
        ActionableMessageFailure.Expired => "The action's bearer token has expired.",
        ActionableMessageFailure.NotYetValid => "The action's bearer token is not valid yet.",
        ActionableMessageFailure.MissingSubject => "The action's bearer token does not name the person who acted.",
        ActionableMessageFailure.WrongApplication => "The action's bearer token was issued to another application.",
        ActionableMessageFailure.MetadataUnavailable => "The token issuer's signing keys could not be retrieved; try again later.",
        _ => "The action's bearer token was refused.",
    });

    private static string? Claim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue(name, out object? value) && value is string text ? text : null;

    private static string? CleanOrNull(string? value) => value is not null && IdentifierText.IsClean(value) ? value : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Actionable Message token refused: {Failure}: {Reason}")]
    private static partial void LogRefused(ILogger logger, ActionableMessageFailure failure, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Actionable Message signing keys unavailable from {MetadataAddress}: {ErrorType}: {ErrorMessage}")]
    private static partial void LogMetadataUnavailable(ILogger logger, Uri metadataAddress, string errorType, string errorMessage);
}

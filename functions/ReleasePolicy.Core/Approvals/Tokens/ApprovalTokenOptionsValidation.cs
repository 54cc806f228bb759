using Microsoft.Extensions.Options;

namespace ReleasePolicy.Approvals.Tokens;

/// <summary>
/// Startup validation of the approval token settings (registered with <c>ValidateOnStart</c>): a missing or weak signing
/// key, an unresolved Key Vault reference, or an unusable address stops the app at start with the setting's name,
/// instead of failing the first approver who clicks.
/// </summary>
public sealed class ApprovalTokenOptionsValidation :
    IValidateOptions<ApprovalSigningOptions>,
    IValidateOptions<ApprovalTokenOptions>,
    IValidateOptions<ActionableMessageOptions>
{
    public ValidateOptionsResult Validate(string? name, ApprovalSigningOptions options) => Result(ApprovalSigningKeys.Problems(options));

    public ValidateOptionsResult Validate(string? name, ApprovalTokenOptions options) => Result(ApprovalTokenOptions.Problems(options));

    public ValidateOptionsResult Validate(string? name, ActionableMessageOptions options) => Result(ActionableMessageOptions.Problems(options));

    private static ValidateOptionsResult Result(string? problems) =>
        problems is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
}

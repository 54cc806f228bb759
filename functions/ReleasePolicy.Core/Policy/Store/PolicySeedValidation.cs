using Microsoft.Extensions.Options;

namespace ReleasePolicy.Policy.Store;

/// <summary>
/// Start-up validation (registered with <c>ValidateOnStart</c>): a seed policy file that is missing, unreadable or
/// invalid stops the host with the reason, rather than failing the first request that needs a policy.
/// </summary>
public sealed class PolicySeedValidation : IValidateOptions<PolicyStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyStoreOptions options) =>
        PolicySeed.Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

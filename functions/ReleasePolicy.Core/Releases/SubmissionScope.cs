using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Releases;

/// <summary>
/// What can be known about a release before any evidence is weighed: under <c>outOfScope: reject</c>, a service or
/// environment the policy does not govern is rejected by readiness whatever the evidence says. Refusing it at the
/// door (422) spares the pipeline a 202 followed by a certain rejection. Under <c>passThrough</c> such a release
/// can pass (as ungoverned), so it is accepted as before.
/// </summary>
public static class SubmissionScope
{
    public static IReadOnlyList<FieldError> CannotPass(ReleaseRequest request, PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Scope.OutOfScope != OutOfScopeBehaviour.Reject)
        {
            return [];
        }

        var index = PolicyIndex.For(policy);
        var reasons = new List<FieldError>();
        if (!index.TryGetService(request.Service, out _))
        {
            reasons.Add(new FieldError("service", $"Service '{request.Service}' is not governed by policy {policy.Name} {policy.Version}, which rejects out-of-scope releases (outOfScope: reject); governed services: {string.Join(", ", policy.Scope.Services.Select(s => s.Name))}."));
        }

        if (!index.TryGetEnvironment(request.Environment, out _))
        {
            reasons.Add(new FieldError("environment", $"Environment '{request.Environment}' is not known to policy {policy.Name} {policy.Version}, which rejects out-of-scope releases (outOfScope: reject); known environments: {string.Join(", ", policy.Scope.Environments.Select(e => e.Name))}."));
        }

        return reasons;
    }
}

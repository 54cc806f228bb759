using ReleasePolicy.Policy;

namespace ReleasePolicy.Access;

/// <summary>
/// Who may submit a release of a service, and for whom: a pipeline only where the policy's ownership names it, a
/// signed-in person only as themselves. Readiness then applies the RACI initiator rule to the person named.
/// </summary>
public static class SubmissionAuthorizer
{
    /// <summary>Null when allowed; otherwise why not, naming the field or rule.</summary>
    public static SubmissionRefusal? Check(CallerPrincipal caller, string service, string requestedBy, PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(policy);
        if (caller.Kind == CallerKind.Person)
        {
            return string.Equals(caller.Name, requestedBy, StringComparison.OrdinalIgnoreCase)
                ? null
                : new SubmissionRefusal("requestedBy", $"A signed-in person may only submit as themselves: requestedBy must be '{caller.Name}'.");
        }

        ServiceOwnership? ownership = policy.Ownership.FirstOrDefault(o => string.Equals(o.Service, service, StringComparison.OrdinalIgnoreCase));
        if (ownership is null)
        {
            // Not governed: the scope rule decides (refused or passed through as ungoverned), not ownership.
            return null;
        }

        if (ownership.Pipelines.Contains(caller.Name, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        string named = ownership.Pipelines.Count == 0 ? "names no pipeline" : "names only " + string.Join(", ", ownership.Pipelines);
        return new SubmissionRefusal(
            "service",
            $"Pipeline '{caller.Name}' may not submit releases of '{ownership.Service}': the policy's ownership.{ownership.Service}.pipelines {named}.");
    }
}

/// <summary>Why a caller may not submit this release.</summary>
public sealed record SubmissionRefusal(string Field, string Reason);

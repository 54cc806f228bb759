using ReleasePolicy.Policy;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Core.Tests.Releases;

public sealed class SubmissionScopeTests
{
    [Fact]
    public void CannotPass_GovernedServiceAndEnvironment_IsEmpty()
    {
        Assert.Empty(SubmissionScope.CannotPass(Request("payments-api", "production"), TestData.Policy));
    }

    [Fact]
    public void CannotPass_UnknownEnvironmentUnderReject_NamesTheEnvironment()
    {
        FieldError reason = Assert.Single(SubmissionScope.CannotPass(Request("payments-api", "prod"), TestData.Policy));

        Assert.Equal("environment", reason.Field);
        Assert.Contains("'prod'", reason.Reason, StringComparison.Ordinal);
        Assert.Contains("outOfScope: reject", reason.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CannotPass_UnknownServiceAndEnvironment_NamesBoth()
    {
        IReadOnlyList<FieldError> reasons = SubmissionScope.CannotPass(Request("billing-api", "moon"), TestData.Policy);

        Assert.Equal(["service", "environment"], reasons.Select(r => r.Field));
    }

    [Fact]
    public void CannotPass_UnknownServiceUnderPassThrough_IsEmpty()
    {
        PolicyDocument passThrough = TestData.Policy with { Scope = TestData.Policy.Scope with { OutOfScope = OutOfScopeBehaviour.PassThrough } };

        Assert.Empty(SubmissionScope.CannotPass(Request("billing-api", "moon"), passThrough));
    }

    [Fact]
    public void CannotPass_AgreesWithReadiness_WheneverItRefuses()
    {
        // The door must never refuse what readiness would pass: every refusal is a readiness rejection too.
        foreach ((string service, string environment) in new[] { ("billing-api", "production"), ("payments-api", "prod"), ("x", "y") })
        {
            Assert.NotEmpty(SubmissionScope.CannotPass(Request(service, environment), TestData.Policy));
            ReadinessDecision decision = TestData.Evaluate(TestData.Request(service: service, environment: environment));
            Assert.Equal(ReadinessVerdict.Rejected, decision.Verdict);
        }
    }

    private static ReleaseRequest Request(string service, string environment) =>
        new(service, "1.0.0", environment, ReleaseType.Patch, "alice", "x", "k", null);
}

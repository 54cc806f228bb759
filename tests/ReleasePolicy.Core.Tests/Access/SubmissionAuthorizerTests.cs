using ReleasePolicy.Access;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Access;

public sealed class SubmissionAuthorizerTests
{
    private static readonly PolicyDocument Policy = SamplePolicy.Load();

    [Fact]
    public void Check_PipelineNamedInOwnership_IsAllowed()
    {
        Assert.Null(SubmissionAuthorizer.Check(Pipeline("payments-ci"), "payments-api", "alice", Policy));
    }

    [Fact]
    public void Check_PipelineNotNamedInOwnership_IsRefusedNamingTheAllowedPipelines()
    {
        SubmissionRefusal? refusal = SubmissionAuthorizer.Check(Pipeline("orders-ci"), "payments-api", "alice", Policy);

        Assert.NotNull(refusal);
        Assert.Equal("service", refusal.Field);
        Assert.Contains("payments-ci", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PersonSubmittingAsThemselves_IsAllowed()
    {
        Assert.Null(SubmissionAuthorizer.Check(Person("Alice"), "payments-api", "alice", Policy));
    }

    [Fact]
    public void Check_PersonSubmittingForSomeoneElse_IsRefusedOnRequestedBy()
    {
        SubmissionRefusal? refusal = SubmissionAuthorizer.Check(Person("mallory"), "payments-api", "alice", Policy);

        Assert.NotNull(refusal);
        Assert.Equal("requestedBy", refusal.Field);
    }

    [Fact]
    public void Check_ServiceWithoutOwnership_LeavesItToTheScopeRule()
    {
        Assert.Null(SubmissionAuthorizer.Check(Pipeline("anyone-ci"), "unknown-service", "alice", Policy));
    }

    private static CallerPrincipal Pipeline(string name) =>
        new(name, CallerKind.Pipeline, new HashSet<string> { Roles.ReleaseSubmit }, "api-key:test");

    private static CallerPrincipal Person(string name) =>
        new(name, CallerKind.Person, new HashSet<string> { Roles.ReleaseSubmit }, "platform:aad");
}

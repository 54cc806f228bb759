using ReleasePolicy.Access;
using ReleasePolicy.Deployment.Signals;
using ReleasePolicy.Notifications;
using ReleasePolicy.Policy;
using ReleasePolicy.Policy.Store;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Core.Tests.Deployment.Signals;

/// <summary>
/// Who may post which signal. The release was submitted under version 1, where orders-api's rollback owner is the group
/// orders-team (carol); version 2, now active, names dave instead, and must not count for this release.
/// </summary>
public class SignalAuthorizerTests
{
    private static readonly string Submitted = TestData.ReplaceOnce(SamplePolicy.Text, "rollbackOwner: carol", "rollbackOwner: orders-team");
    private static readonly string Later = TestData.ReplaceOnce(
        TestData.ReplaceOnce(SamplePolicy.Text, "rollbackOwner: carol", "rollbackOwner: dave"), "version: \"2026.11.1\"", "version: \"2026.11.2\"");

    private readonly TwoVersions store = new(Submitted, Later);

    private SignalAuthorizer Authorizer()
    {
        var catalog = new PolicyCatalog(this.store);
        return new SignalAuthorizer(catalog, new PolicyPeopleDirectory(catalog));
    }

    private ReleaseRecord Release(string service = "orders-api") => new(
        "rel-0123456789abcdef0123456789abcdef", service, "1.0.0", "production", ReleaseType.Patch, "carol", "x", "k", "f",
        ReleaseStage.Deployment, ReleaseStatus.InProgress, [], TestData.Now, TestData.Now, this.store.First.Reference);

    private static CallerPrincipal Person(string name, params string[] roles) => new(name, CallerKind.Person, roles.ToHashSet(StringComparer.Ordinal), "api-key:" + name);

    private static CallerPrincipal Pipeline(params string[] roles) => new("orders-ci", CallerKind.Pipeline, roles.ToHashSet(StringComparer.Ordinal), "api-key:orders-ci");

    [Theory]
    [InlineData(SignalTypes.DeploymentStarted)]
    [InlineData(SignalTypes.HealthSample)]
    [InlineData(SignalTypes.RollbackCompleted)]
    public async Task PipelineSignal_WithTheSignalRole_IsAllowed(string type) =>
        Assert.Null(await this.Authorizer().RefusalAsync(Pipeline(Roles.ReleaseSignal), type, this.Release()));

    [Fact]
    public async Task PipelineSignal_WithoutTheSignalRole_IsRefusedNamingTheRole() =>
        Assert.Contains(Roles.ReleaseSignal, await this.Authorizer().RefusalAsync(Person("carol", Roles.ReleaseSubmit), SignalTypes.DeploymentFailed, this.Release()), StringComparison.Ordinal);

    [Fact]
    public async Task ManualRollback_ByAMemberOfTheOwnerGroupInTheSubmittedPolicy_IsAllowed() =>
        Assert.Null(await this.Authorizer().RefusalAsync(Person("carol"), SignalTypes.ManualRollback, this.Release()));

    [Fact]
    public async Task ManualRollback_ByTheOwnerNamedOnlyInTheNewerPolicy_IsRefused() =>
        Assert.Contains("orders-team", await this.Authorizer().RefusalAsync(Person("dave"), SignalTypes.ManualRollback, this.Release()), StringComparison.Ordinal);

    [Fact]
    public async Task ManualRollback_ByTheOwnerPersonInAnotherCase_IsAllowed() =>
        Assert.Null(await this.Authorizer().RefusalAsync(Person("Bob"), SignalTypes.ManualRollback, this.Release("payments-api")));

    [Fact]
    public async Task ManualRollback_ByAPipelineEvenWithEveryRole_IsRefused() =>
        Assert.Contains("pipeline", await this.Authorizer().RefusalAsync(Pipeline([.. Roles.All]), SignalTypes.ManualRollback, this.Release()), StringComparison.Ordinal);

    [Fact]
    public async Task ManualRollback_ByAPipelineNamedLikeTheOwner_IsRefused() =>
        Assert.NotNull(await this.Authorizer().RefusalAsync(new CallerPrincipal("carol", CallerKind.Pipeline, new HashSet<string>(), "api-key:carol"), SignalTypes.ManualRollback, this.Release()));

    /// <summary>Two published versions; the second is active.</summary>
    private sealed class TwoVersions(string first, string second) : IPolicyStore
    {
        public PublishedPolicy First { get; } = Published(1, first);

        private PublishedPolicy Second { get; } = Published(2, second);

        public Task<PublishedPolicy> GetActiveAsync(CancellationToken cancellationToken = default) => Task.FromResult(this.Second);

        public Task<PublishedPolicy?> GetAsync(int sequence, CancellationToken cancellationToken = default) =>
            Task.FromResult<PublishedPolicy?>(sequence switch { 1 => this.First, 2 => this.Second, _ => null });

        public Task<IReadOnlyList<PublishedPolicy>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PublishedPolicy>>([this.Second, this.First]);

        public Task<PublishOutcome> PublishAsync(string text, string version, string publishedBy, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("These tests publish nothing.");

        private static PublishedPolicy Published(int sequence, string text) =>
            new(sequence, PolicyParser.Parse(text).Document!.Version, PolicyHash.Compute(text), TestData.Now, "test", text);
    }
}

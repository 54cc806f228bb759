namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// The random-crash suite runs alone, after the parallel tests (xUnit runs collections that disable parallelization
/// one at a time, once the parallel ones are done), as the load suite does: it kills and restarts its host several
/// times and times approval and sample deadlines in seconds, which two shared cores under other tests would blur.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashCollection
{
    public const string Name = "random-crash suite (runs alone)";
}

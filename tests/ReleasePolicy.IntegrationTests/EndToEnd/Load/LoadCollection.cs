namespace ReleasePolicy.IntegrationTests.EndToEnd.Load;

/// <summary>
/// The load suite runs alone, after the parallel tests: its hundreds of releases saturate two cores, and the tests that
/// measure deadlines (approval reminders, sample gaps, RTOs) must not share the machine with it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "load suite (runs alone)";
}

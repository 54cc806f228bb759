namespace ReleasePolicy.IntegrationTests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The folder holding ReleasePolicy.Functions.sln, found from the test's output folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release": whichever configuration these tests were built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string LocalHostAssembly =>
        Path.Combine(Root, "functions", "ReleasePolicy.LocalHost", "bin", Configuration, "net10.0", "ReleasePolicy.LocalHost.dll");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReleasePolicy.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find ReleasePolicy.Functions.sln above " + AppContext.BaseDirectory);
    }
}

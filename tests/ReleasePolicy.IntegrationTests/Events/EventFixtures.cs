using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Events;

/// <summary>
/// The shared sample payloads, read as bytes and posted unchanged. They are copied byte for byte from the project's
/// shared fixtures (<c>../shared/fixtures</c>) into this folder, because that folder is not part of a clone.
/// </summary>
internal static class EventFixtures
{
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "tests", "ReleasePolicy.IntegrationTests", "Events", "Fixtures");

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Folder, relativePath));
}

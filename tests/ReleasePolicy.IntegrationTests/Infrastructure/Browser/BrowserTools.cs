namespace ReleasePolicy.IntegrationTests.Infrastructure.Browser;

/// <summary>
/// Where Debian's <c>chromium</c> and <c>chromedriver</c> are, found on PATH. Missing tools are a failure with the
/// fix in the message, never a skip: a browser test that silently does not run proves nothing.
/// </summary>
internal sealed record BrowserTools(string ChromiumPath, string DriverDirectory, string DriverFileName)
{
    public const string ChromiumName = "chromium";
    public const string DriverName = "chromedriver";

    public static BrowserTools Locate() => Locate(Environment.GetEnvironmentVariable("PATH"));

    public static BrowserTools Locate(string? searchPath)
    {
        var chromium = Find(ChromiumName, searchPath);
        var driver = Find(DriverName, searchPath);
        if (chromium is null || driver is null)
        {
            var missing = string.Join(" and ", new[] { chromium is null ? ChromiumName : null, driver is null ? DriverName : null }.OfType<string>());
            throw new InvalidOperationException(
                $"The headless browser tests need Debian's chromium and chromium-driver, but {missing} is not on PATH. " +
                "Run .ci/run (it installs them with apt-get when missing), or: apt-get install -y --no-install-recommends chromium chromium-driver");
        }

        return new BrowserTools(chromium, Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
    }

    private static string? Find(string name, string? searchPath)
    {
        foreach (var directory in (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

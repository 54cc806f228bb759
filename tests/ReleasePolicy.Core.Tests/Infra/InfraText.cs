using System.Text.RegularExpressions;

namespace ReleasePolicy.Core.Tests.Infra;

/// <summary>Reads infra/ files as text and cuts Bicep into its top-level declarations, for the template invariant tests.</summary>
internal static partial class InfraText
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    public static string Read(params string[] relative) =>
        File.ReadAllText(Path.Combine([RepoRoot, .. relative])).ReplaceLineEndings("\n");

    /// <summary>Top-level <c>resource</c> declarations: from the keyword at column 0 to the closing brace at column 0.</summary>
    public static IEnumerable<string> ResourceBlocks(string bicep) =>
        ResourceBlock().Matches(bicep.ReplaceLineEndings("\n")).Select(match => match.Value);

    /// <summary>The one top-level resource declared with this symbolic name.</summary>
    public static string Resource(string bicep, string symbol) =>
        Assert.Single(ResourceBlocks(bicep), block => block.StartsWith($"resource {symbol} ", StringComparison.Ordinal));

    /// <summary>The value of a top-level <c>var</c>: its <c>'''</c> string, or its line and any indented continuation lines.</summary>
    public static string Variable(string bicep, string name)
    {
        Match match = Regex.Match(bicep, $@"(?ms)^var {Regex.Escape(name)} = (\$?'''.*?'''|[^\n]*(?:\n  [^\n]*)*)");
        Assert.True(match.Success, $"var {name} not found.");
        return match.Groups[1].Value;
    }

    /// <summary>The app settings object literal <c>baseAppSettings</c> in infra/app/api.bicep.</summary>
    public static string AppSettings()
    {
        string api = Read("infra", "app", "api.bicep");
        Match match = Regex.Match(api, @"(?ms)^var baseAppSettings = \{\n(.*?)^\}");
        Assert.True(match.Success, "var baseAppSettings not found in infra/app/api.bicep.");
        return match.Groups[1].Value;
    }

    /// <summary>The expression assigned to one app setting (<c>Name: expression</c>), or null when it is not set.</summary>
    public static string? Setting(string settings, string name)
    {
        Match match = Regex.Match(settings, $@"(?m)^\s*{Regex.Escape(name)}\s*:\s*(.+?)\s*$");
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"(?ms)^resource\s.*?^\}")]
    private static partial Regex ResourceBlock();

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ReleasePolicy.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ReleasePolicy.Functions.sln above {AppContext.BaseDirectory}.");
    }
}

using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>Edits of the sample policy for parser tests, and the one-error assertion they share.</summary>
internal static class PolicyText
{
    public static string Sample => SamplePolicy.Text;

    /// <summary>The sample's single <c>delegated</c> tier, which tests replace whole.</summary>
    public const string DelegatedTier = """
              - name: release-manager
                approvers: { groups: [release-managers] }
                quorum: 1
                sla: { reminders: [PT2H, PT6H], escalateAfter: PT8H, escalateTo: manager }
                timeout: { after: PT24H, outcome: reject }

        """;

    public static string WithDelegatedTier(string tier) => TestData.ReplaceOnce(Sample, DelegatedTier, tier);

    /// <summary>Replaces the first <paramref name="find"/> after <paramref name="anchor"/> (which must occur once).</summary>
    public static string ReplaceAfter(string text, string anchor, string find, string replacement)
    {
        var start = text.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(start >= 0 && text.IndexOf(anchor, start + 1, StringComparison.Ordinal) < 0, $"'{anchor}' must occur once");
        var at = text.IndexOf(find, start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not found after '{anchor}'");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }

    /// <summary>Removes the text from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public static string RemoveBetween(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        var end = text.IndexOf(to, start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"'{from}' … '{to}' not found");
        return text.Remove(start, end - start);
    }

    public static PolicyValidationError SingleError(string text, string path)
    {
        var result = PolicyParser.Parse(text);
        Assert.Null(result.Document);
        var matching = result.Errors.Where(e => e.Path == path).ToList();
        Assert.True(matching.Count == 1, $"expected one error at {path}; got: {string.Join(" | ", result.Errors)}");
        return matching[0];
    }

    public static PolicyDocument Valid(string text)
    {
        var result = PolicyParser.Parse(text);
        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        return result.Document!;
    }
}

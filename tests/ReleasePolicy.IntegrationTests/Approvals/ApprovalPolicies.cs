using ReleasePolicy.Testing;

namespace ReleasePolicy.IntegrationTests.Approvals;

/// <summary>The sample policy with the approval deadlines a test needs (seconds, not hours); everything else as shipped.</summary>
internal static class ApprovalPolicies
{
    /// <summary>
    /// The sample, version <paramref name="version"/>, with every tier's SLA and timeout replaced by <paramref name="sla"/>
    /// and <paramref name="timeout"/> (YAML flow mappings, e.g. <c>{ reminders: [PT2S] }</c>, <c>{ after: PT6S, outcome: reject }</c>).
    /// </summary>
    public static string WithDeadlines(string version, string sla, string timeout)
    {
        var lines = TestPolicies.SampleWithoutCalendar.Replace("version: \"2026.11.1\"", $"version: \"{version}\"", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].TrimStart();
            string indent = lines[i][..(lines[i].Length - trimmed.Length)];
            if (trimmed.StartsWith("sla: {", StringComparison.Ordinal))
            {
                lines[i] = indent + "sla: " + sla;
            }
            else if (trimmed.StartsWith("timeout: {", StringComparison.Ordinal))
            {
                lines[i] = indent + "timeout: " + timeout;
            }
        }

        return string.Join('\n', lines);
    }
}

namespace ReleasePolicy.Core.Tests.Policy;

/// <summary>A small valid <c>monitoring</c> section for parser tests, with each part replaceable.</summary>
internal static class MonitoringText
{
    public const string Settings = "  environments: [staging, production]\n  startTimeout: PT1H\n  rollbackWaitLimit: P1D\n";

    public const string CatchAll = "    - { name: standard, bakeTime: PT30M, maxSampleGap: PT5M, failedHealthChecks: 3 }\n";

    /// <summary>The section: <paramref name="settings"/>, then <paramref name="extra"/> keys, then the profiles.</summary>
    public static string Section(string settings = Settings, string profiles = CatchAll, string extra = "") =>
        "monitoring:\n" + settings + extra + "  profiles:\n" + profiles;

    /// <summary>The catch-all followed by <paramref name="profile"/> (a flow mapping), so its errors are at <c>profiles[1]</c>.</summary>
    public static string WithProfile(string profile) => Section(profiles: CatchAll + "    - " + profile + "\n");

    /// <summary>A section whose only profile is <paramref name="profile"/>, so its errors are at <c>profiles[0]</c>.</summary>
    public static string OnlyProfile(string profile) => Section(profiles: "    - " + profile + "\n");
}

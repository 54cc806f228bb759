namespace ReleasePolicy.Benchmarks.All;

/// <summary>One row of the <c>all</c> table: what was measured, the goal, and whether (or by how much) it is met.</summary>
internal sealed record Figure(string Name, string Measured, string Goal, string Verdict)
{
    /// <summary>A figure with a goal "at most <paramref name="goal"/>": met, or missed by the ratio measured/goal.</summary>
    public static Figure AtMost(string name, string measured, double value, double goal, string goalText) =>
        new(name, measured, goalText, value <= goal ? "met" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"MISSED ({value / goal:F2}x the goal)"));

    /// <summary>A figure with a goal "at least <paramref name="goal"/>": met, or missed by the ratio measured/goal.</summary>
    public static Figure AtLeast(string name, string measured, double value, double goal, string goalText) =>
        new(name, measured, goalText, value >= goal ? "met" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"MISSED ({value / goal:F2}x the goal)"));

    /// <summary>A figure the issue asks for without a goal (reported, not judged).</summary>
    public static Figure Reported(string name, string measured) => new(name, measured, "-", "-");
}

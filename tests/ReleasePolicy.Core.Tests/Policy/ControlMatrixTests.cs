using System.Text.Json;
using ReleasePolicy.Policy;

namespace ReleasePolicy.Core.Tests.Policy;

public class ControlMatrixTests
{
    [Fact]
    public void Build_SamplePolicy_HasOneRowPerControlClause()
    {
        var policy = SamplePolicy.Load();

        var rows = ControlMatrix.Build(policy);

        Assert.Equal(policy.Controls.Sum(c => c.Frameworks.Count), rows.Count);
        Assert.Contains(rows, r => r.ControlId == "RP-08" && r.Framework == ComplianceFramework.Nist80053 && r.Clause == "AC-5");
        Assert.All(Enum.GetValues<ComplianceFramework>(), f => Assert.Contains(rows, r => r.Framework == f));
    }

    [Fact]
    public void Build_Rows_AreOrderedByFrameworkThenClause()
    {
        var rows = ControlMatrix.Build(SamplePolicy.Load());

        var ordered = rows
            .OrderBy(r => r.Framework)
            .ThenBy(r => r.Clause, StringComparer.Ordinal)
            .ThenBy(r => r.ControlId, StringComparer.Ordinal);
        Assert.Equal(ordered, rows);
    }

    [Fact]
    public void Build_Rows_SerialiseWithAuditorFrameworkNames()
    {
        var json = JsonSerializer.Serialize(ControlMatrix.Build(SamplePolicy.Load()));

        Assert.Contains("\"Framework\":\"ISO27001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Kind\":\"sodRule\"", json, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<List<ControlMatrixRow>>(json)));
    }
}

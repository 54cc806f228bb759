namespace ReleasePolicy.Policy;

/// <summary>One control traced to one framework clause.</summary>
public sealed record ControlMatrixRow(
    string ControlId,
    ControlKind Kind,
    string Description,
    string AppliesTo,
    ComplianceFramework Framework,
    string Clause);

public static class ControlMatrix
{
    /// <summary>
    /// Flattens controls into control × clause rows, ordered by framework, then clause, then control id, so that an
    /// auditor reading one framework sees its clauses together and the output is stable across policy reorderings.
    /// </summary>
    public static IReadOnlyList<ControlMatrixRow> Build(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var rows = new List<ControlMatrixRow>();
        foreach (var control in policy.Controls)
        {
            foreach (var reference in control.Frameworks)
            {
                rows.Add(new ControlMatrixRow(
                    control.Id,
                    control.Kind,
                    control.Description,
                    control.AppliesTo,
                    reference.Framework,
                    reference.Clause));
            }
        }

        rows.Sort(static (a, b) =>
        {
            var byFramework = a.Framework.CompareTo(b.Framework);
            if (byFramework != 0)
            {
                return byFramework;
            }

            var byClause = string.CompareOrdinal(a.Clause, b.Clause);
            return byClause != 0 ? byClause : string.CompareOrdinal(a.ControlId, b.ControlId);
        });
        return rows;
    }
}

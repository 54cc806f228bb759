namespace ReleasePolicy.Risk;

/// <summary>
/// What the risk model looks at for one release. Counts that are not known (missing evidence) are passed as
/// <see cref="Unknown"/> so that the model assumes the worst instead of silently scoring them as zero.
/// </summary>
public sealed record RiskInputs(
    CriticalityTier Tier,
    bool Production,
    int Dependents,
    int FilesChanged,
    int LinesChanged,
    int DependencyCount,
    bool SchemaMigration,
    bool RollbackRehearsed,
    bool SchemaBackwardCompatible,
    bool DownMigrationTested)
{
    /// <summary>Marker for a count that evidence did not supply; it lands in the highest threshold.</summary>
    public const int Unknown = int.MaxValue;
}

using ReleasePolicy.Readiness;

namespace ReleasePolicy.Deployment;

/// <summary>
/// The database rollback strategy a release declares through its schema-migration evidence, in the words readiness,
/// release notes and the rollback request carry: nothing to roll back, the old version runs on the new schema, or a
/// tested down-migration.
/// </summary>
public static class DatabaseRollbackStrategy
{
    public const string NoMigration = "noSchemaMigration";
    public const string BackwardCompatible = "backwardCompatible";
    public const string DownMigrationTested = "downMigrationTested";
    public const string Undeclared = "undeclared";

    public static string Of(SchemaMigrationEvidence? migration) => migration switch
    {
        null or { Present: false } => NoMigration,
        { BackwardCompatible: true } => BackwardCompatible,
        { DownMigrationTested: true } => DownMigrationTested,
        _ => Undeclared,
    };
}

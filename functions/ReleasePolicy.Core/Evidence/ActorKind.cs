namespace ReleasePolicy.Evidence;

/// <summary>What kind of principal caused a record.</summary>
public enum ActorKind
{
    Pipeline,
    Person,
    System,
    Auditor,
}

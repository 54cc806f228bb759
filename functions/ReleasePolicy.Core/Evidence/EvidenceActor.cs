namespace ReleasePolicy.Evidence;

/// <summary>Who caused a record: the authenticated principal and, for a pipeline, the person it acted for.</summary>
public sealed record EvidenceActor(string Principal, ActorKind Kind, string? OnBehalfOf = null)
{
    public static EvidenceActor System { get; } = new("releasepolicy", ActorKind.System);
}

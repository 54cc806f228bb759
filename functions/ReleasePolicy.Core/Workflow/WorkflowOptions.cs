namespace ReleasePolicy.Workflow;

/// <summary>Section <c>ReleasePolicy:Workflow</c>: defaults captured into each release when it is accepted.</summary>
public sealed class WorkflowOptions
{
    /// <summary>How long a deployment is watched before it is declared done.</summary>
    public TimeSpan BakeTime { get; set; } = TimeSpan.FromSeconds(2);
}

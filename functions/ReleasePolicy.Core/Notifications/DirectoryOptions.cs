namespace ReleasePolicy.Notifications;

/// <summary>Section <c>ReleasePolicy:Directory</c>.</summary>
public sealed class DirectoryOptions
{
    /// <summary>Graph in Azure (the default); the active policy's <c>directory</c> section locally.</summary>
    public DirectoryMode Mode { get; set; } = DirectoryMode.Graph;
}

public enum DirectoryMode
{
    /// <summary>Entra ID through Microsoft Graph (section <c>ReleasePolicy:Graph</c>).</summary>
    Graph,

    /// <summary>The people and groups of the active policy's <c>directory</c> section.</summary>
    Policy,
}

namespace ReleasePolicy.Releases;

/// <summary>Section <c>ReleasePolicy:Storage</c>.</summary>
public sealed class ReleaseStoreOptions
{
    /// <summary>Storage connection string; when empty the app's <c>AzureWebJobsStorage</c> account is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table service endpoint for identity-based access (managed identity in Azure).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Blob service endpoint for identity-based access (managed identity in Azure).</summary>
    public Uri? BlobServiceUri { get; set; }

    public string ReleasesTable { get; set; } = "Releases";
}

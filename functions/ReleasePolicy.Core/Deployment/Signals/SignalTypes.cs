namespace ReleasePolicy.Deployment.Signals;

/// <summary>
/// The event types a release's deployment listens for (CloudEvents <c>type</c> / Event Grid <c>eventType</c>).
/// Azure Monitor alerts are recognised by their data (<c>schemaId</c> <c>azureMonitorCommonAlertSchema</c>), whatever
/// type carried them.
/// </summary>
public static class SignalTypes
{
    public const string DeploymentStarted = "ReleasePolicy.Deployment.Started";
    public const string DeploymentSucceeded = "ReleasePolicy.Deployment.Succeeded";
    public const string DeploymentFailed = "ReleasePolicy.Deployment.Failed";
    public const string RollbackCompleted = "ReleasePolicy.Deployment.RollbackCompleted";
    public const string HealthSample = "ReleasePolicy.Health.Sample";

    /// <summary>
    /// A person asks for a rollback. Honoured only from <c>POST /api/releases/{id}/signals</c> by the service's rollback
    /// owner (the signal then carries <c>ReleaseSignal.AuthorizedPerson</c>); from a webhook it is recorded, never obeyed.
    /// </summary>
    public const string ManualRollback = "ReleasePolicy.Deployment.ManualRollback";

    /// <summary>The type we give an alert an action group posted to <c>POST /api/alerts</c> (it has no envelope of its own).</summary>
    public const string AzureMonitorAlert = "Microsoft.Insights.AzureMonitorAlert";
}

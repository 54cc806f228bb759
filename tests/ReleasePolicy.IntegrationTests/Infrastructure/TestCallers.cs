namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>
/// How a test presents itself as a pipeline, the policy administrator or an auditor: the only place that knows which header
/// carries which key, so a change to the auth layer is a change here.
/// </summary>
internal static class TestCallers
{
    public static HttpRequestMessage AsPipeline(this HttpRequestMessage request, HostSettings settings) => WithKey(request, settings.FunctionKey);

    public static HttpRequestMessage AsAdmin(this HttpRequestMessage request, HostSettings settings) => WithKey(request, settings.AdminKey);

    public static HttpRequestMessage AsAuditor(this HttpRequestMessage request, HostSettings settings) => WithKey(request, settings.AuditorKey);

    /// <summary>Presents <paramref name="key"/> as the caller's key, whatever it is (tests of wrong keys).</summary>
    public static HttpRequestMessage WithKey(this HttpRequestMessage request, string key)
    {
        request.Headers.Remove("x-functions-key");
        request.Headers.TryAddWithoutValidation("x-functions-key", key);
        return request;
    }
}

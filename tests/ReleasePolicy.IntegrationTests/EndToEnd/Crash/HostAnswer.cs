using System.Net;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>
/// One HTTP answer, read whole. <paramref name="Retried"/>: an earlier attempt of the same call died with the host, so
/// the service may already have acted on it (a click answered 409 after a retry was counted by the dead host).
/// </summary>
internal sealed record HostAnswer(HttpStatusCode Status, string Body, bool Retried)
{
    public bool IsSuccess => (int)this.Status is >= 200 and < 300;

    public override string ToString() => $"{(int)this.Status} {this.Body}";
}

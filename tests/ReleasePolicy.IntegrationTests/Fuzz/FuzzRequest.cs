namespace ReleasePolicy.IntegrationTests.Fuzz;

/// <summary>
/// One generated request. <see cref="KestrelAnswers"/> marks requests Kestrel refuses itself, before the app runs
/// (a NUL in the decoded path), whose bare 400 cannot be a problem document.
/// </summary>
internal sealed record FuzzRequest(string Method, string Path, byte[]? Body, string? ContentType, FuzzCaller Caller, string? IdempotencyKey = null, bool KestrelAnswers = false)
{
    public override string ToString() =>
        $"{this.Method} {(this.Path.Length > 200 ? this.Path[..200] + "…" : this.Path)} as {this.Caller}" +
        (this.ContentType is null ? string.Empty : $" [{this.ContentType}]") +
        (this.Body is null ? string.Empty : $" body {this.Body.Length} bytes: {System.Text.Encoding.UTF8.GetString(this.Body.AsSpan(0, Math.Min(300, this.Body.Length)))}");
}

internal enum FuzzCaller
{
    None,
    WrongKey,
    Pipeline,
    Admin,
    Auditor,
}

using System.Collections.Concurrent;
using ReleasePolicy.Notifications;

namespace ReleasePolicy.Workflow.Tests;

/// <summary>Keeps every mail the workflow sends, so tests can see who was asked, reminded and escalated to.</summary>
internal sealed class CapturingMailer : IMailer
{
    public ConcurrentQueue<OutgoingMail> Sent { get; } = new();

    public Task<string> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        this.Sent.Enqueue(mail);
        return Task.FromResult("mail-" + this.Sent.Count);
    }

    public IReadOnlyList<OutgoingMail> For(string releaseId) => this.Sent.Where(m => m.ReleaseId == releaseId).ToArray();
}

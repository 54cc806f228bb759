using ReleasePolicy.Notifications.DevOutbox;

namespace ReleasePolicy.Core.Tests.Notifications;

public sealed class DevOutboxPageTests
{
    private static OutboxMail Mail(string subject, params OutboxLink[] links) => new(
        "0000000000000000001-0123456789abcdef0123456789abcdef",
        new OutboxRecipient("alice", "Alice <b>Adams</b>", "alice@contoso.test"),
        "approval-request",
        subject,
        "rel-1",
        links,
        TestData.Now,
        "x.html");

    [Fact]
    public void Render_EscapesEverythingAndRunsNothing()
    {
        string html = DevOutboxPage.Render([Mail("<script>alert(1)</script> & \"quotes\"")], "<rel>", "a'b");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        Assert.Contains("Alice &lt;b&gt;Adams&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;rel&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_HttpLinksClickable_OtherSchemesShownAsText()
    {
        string html = DevOutboxPage.Render(
            [Mail("s", new OutboxLink("Approve", "http://127.0.0.1:7071/api/approvals/tok?x=1&y=2"), new OutboxLink("Evil", "javascript:alert(1)"))],
            null,
            null);

        Assert.Contains("<a href=\"http://127.0.0.1:7071/api/approvals/tok?x=1&amp;y=2\">Approve</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Evil: <code>javascript:alert(1)</code>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/dev/outbox/0000000000000000001-0123456789abcdef0123456789abcdef\">view mail</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoMail_SaysSo() => Assert.Contains("No mail yet.", DevOutboxPage.Render([], null, null), StringComparison.Ordinal);
}

using OpenQA.Selenium;
using ReleasePolicy.IntegrationTests.Infrastructure.Browser;

namespace ReleasePolicy.IntegrationTests.Browser;

/// <summary>
/// What a person does in the dev outbox page: finds the row of a mail by recipient, kind and release, and clicks the
/// link in it. The link is the page's own anchor (never a URL the test builds), so a broken href on the page fails here.
/// </summary>
internal static class OutboxInBrowser
{
    /// <summary>The outbox table's columns (see <c>DevOutboxPage</c>): Sent, To, Kind, Subject, Release, Links, Mail.</summary>
    private const int ToColumn = 2;
    private const int KindColumn = 3;
    private const int ReleaseColumn = 5;
    private const int LinksColumn = 6;

    /// <summary>
    /// Opens <c>/api/dev/outbox</c>, clicks the approval link of the <paramref name="kind"/> mail sent to
    /// <paramref name="person"/> for <paramref name="releaseId"/>, and returns the link's address (the approver page).
    /// </summary>
    public static Uri ClickApprovalLink(HeadlessChromium browser, Uri hostBaseAddress, string releaseId, string person, string kind = "approval-request")
    {
        browser.Open(new Uri(hostBaseAddress, "/api/dev/outbox"));
        Assert.Equal("Dev outbox", browser.Title);

        // Person ids and release ids are [a-z0-9-], so they sit in the XPath literal without escaping.
        string row = $"//tbody/tr[normalize-space(td[{ToColumn}]/code)='{person}' and normalize-space(td[{KindColumn}])='{kind}' and normalize-space(td[{ReleaseColumn}]/code)='{releaseId}']";
        IReadOnlyList<IWebElement> anchors = browser.Driver.FindElements(By.XPath($"{row}/td[{LinksColumn}]/a"));
        IWebElement anchor = Assert.Single(anchors);
        Uri href = new(anchor.GetDomProperty("href") ?? throw new InvalidOperationException("The outbox's approval anchor has no href."));
        anchor.Click();
        return href;
    }
}

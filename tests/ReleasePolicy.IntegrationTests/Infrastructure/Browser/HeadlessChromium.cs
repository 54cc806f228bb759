using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ReleasePolicy.IntegrationTests.Infrastructure.Browser;

/// <summary>
/// A real headless chromium, driven through Debian's chromedriver, for tests that click through HTML the way a person
/// does. Both binaries are given by path, so Selenium Manager never runs and nothing is downloaded.
/// <code>
/// using var browser = HeadlessChromium.Start();
/// browser.Open(link);
/// browser.FillById("comment", "ok");
/// browser.ClickById("approve");
/// var text = browser.TextById("outcome"); // waits for it to appear
/// </code>
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    /// <summary>How long element lookups wait for the element (e.g. for the next page after a form post).</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly ChromeDriverService service;
    private readonly ChromeDriver driver;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver)
    {
        this.service = service;
        this.driver = driver;
    }

    /// <summary>The driver itself, for what the helpers here do not cover.</summary>
    public IWebDriver Driver => this.driver;

    public string Title => this.driver.Title;

    public Uri CurrentUrl => new(this.driver.Url);

    public string PageSource => this.driver.PageSource;

    public static HeadlessChromium Start()
    {
        var tools = BrowserTools.Locate();
        var service = ChromeDriverService.CreateDefaultService(tools.DriverDirectory, tools.DriverFileName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;

        var options = new ChromeOptions { BinaryLocation = tools.ChromiumPath };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox", // we run as root in CI containers, where chromium's sandbox cannot start
            "--disable-dev-shm-usage", // /dev/shm is tiny in containers
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking", // no update checks or other traffic besides the page under test
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,1024");
        try
        {
            var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
            return new HeadlessChromium(service, driver);
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    public void Open(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        this.driver.Navigate().GoToUrl(url);
    }

    /// <summary>Replaces the field's text by typing, as a person would (so input limits such as maxlength apply).</summary>
    public void FillById(string id, string text)
    {
        var element = this.WaitForId(id);
        element.Clear();
        element.SendKeys(text);
    }

    public void ClickById(string id) => this.WaitForId(id).Click();

    /// <summary>The element's visible text, waiting for it to appear.</summary>
    public string TextById(string id) => this.WaitForId(id).Text;

    public string? AttributeById(string id, string attribute) => this.WaitForId(id).GetDomAttribute(attribute);

    public bool Exists(string id) => this.driver.FindElements(By.Id(id)).Count > 0;

    /// <summary>Waits for an element with this id; fails with the page's URL and title when it never appears.</summary>
    public IWebElement WaitForId(string id, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(this.driver, timeout ?? DefaultWait);
        try
        {
            return wait.Until(d => d.FindElements(By.Id(id)).FirstOrDefault());
        }
        catch (WebDriverTimeoutException e)
        {
            throw new InvalidOperationException($"No element with id '{id}' on {this.driver.Url} ('{this.driver.Title}') after {(timeout ?? DefaultWait).TotalSeconds} s.", e);
        }
    }

    public void Dispose()
    {
        try
        {
            this.driver.Quit();
        }
        finally
        {
            this.driver.Dispose();
            this.service.Dispose();
        }
    }
}

using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using ReleasePolicy.Calendar.Api;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Calendar;

/// <summary>
/// Ad-hoc freezes over HTTP: the administrator adds one, it is evidence, it shows in the calendar and the feed and
/// blocks slots at once; a retry is idempotent; bad input and other callers change nothing.
/// </summary>
public sealed class CalendarFreezeApiTests(CalendarHost fixture) : IClassFixture<CalendarHost>
{
    [Fact]
    public async Task AddFreeze_ByAdministrator_Is201WithLocationAndShowsInTheCalendarTheFeedAndTheEvidence()
    {
        DateTimeOffset end = CalendarHost.Now.AddHours(3);

        using HttpResponseMessage response = await fixture.AddFreezeAsync(new { reason = "Incident INC-1; database failover, then watch", end = CalendarHost.Iso(end), environments = new[] { "staging" }, allowedReleaseTypes = new[] { "emergency" } });

        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        JsonElement created = JsonDocument.Parse(body).RootElement;
        string id = created.GetProperty("id").GetString()!;
        Assert.Matches("^adhoc-[0-9a-f]{32}$", id);
        Assert.Equal("/api/calendar/freezes/" + id, response.Headers.Location?.OriginalString);
        Assert.Equal("policy-admin", created.GetProperty("createdBy").GetString());

        JsonElement fetched = await fixture.GetJsonAsync(response.Headers.Location!.OriginalString);
        Assert.True(fetched.GetProperty("stored").GetBoolean());
        Assert.Equal(created.GetProperty("start").GetDateTimeOffset(), fetched.GetProperty("start").GetDateTimeOffset());

        JsonElement calendar = await fixture.GetJsonAsync("/api/calendar?environment=staging");
        JsonElement listed = Assert.Single(calendar.GetProperty("freezes").EnumerateArray(), f => f.GetProperty("name").GetString() == id);
        Assert.True(listed.GetProperty("adHoc").GetBoolean());
        Assert.False(listed.GetProperty("overridable").GetBoolean());
        Assert.Equal(end.ToUnixTimeSeconds(), listed.GetProperty("end").GetDateTimeOffset().ToUnixTimeSeconds());

        string feed = (await fixture.Http.GetStringAsync("/api/calendar.ics?environment=staging")).Replace("\r\n ", string.Empty, StringComparison.Ordinal);
        Assert.Contains($"UID:{id}@releasepolicy\r\n", feed, StringComparison.Ordinal);
        Assert.Contains(@"Incident INC-1\; database failover\, then watch", feed, StringComparison.Ordinal);
        Assert.DoesNotContain(id, await fixture.Http.GetStringAsync("/api/calendar.ics?environment=dev"), StringComparison.Ordinal);

        BlobClient record = new BlobServiceClient(fixture.Host.Settings.StorageConnectionString)
            .GetBlobContainerClient(fixture.Host.Settings.PolicyContainer)
            .GetBlobClient(FreezeEvidenceLog.BlobName(id));
        JsonElement evidence = JsonDocument.Parse((await record.DownloadContentAsync()).Value.Content.ToString()).RootElement;
        Assert.Equal(FreezeEvidenceLog.BlobName(id), created.GetProperty("record").GetString());
        Assert.Equal(id, evidence.GetProperty("freeze").GetProperty("id").GetString());
        Assert.Equal("api-key:admin", evidence.GetProperty("authenticatedBy").GetString());
    }

    [Fact]
    public async Task AddFreeze_InProduction_BlocksTheSlotsItCoversAtOnce()
    {
        var start = new DateTimeOffset(2027, 5, 3, 8, 0, 0, TimeSpan.Zero);
        using HttpResponseMessage response = await fixture.AddFreezeAsync(new { reason = "Vendor outage", start = CalendarHost.Iso(start), end = CalendarHost.Iso(start.AddHours(4)), environments = new[] { "production" }, services = new[] { "catalog-web" } });
        string id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        JsonElement slots = await fixture.GetJsonAsync("/api/calendar/slots?environment=production&service=catalog-web&after=2027-05-03T00:00:00Z&count=1");

        // Monday 3 May opens at 09:00 BST (08:00Z); the freeze holds it until 12:00Z.
        Assert.Equal(new DateTimeOffset(2027, 5, 3, 12, 0, 0, TimeSpan.Zero), slots.GetProperty("slots")[0].GetProperty("start").GetDateTimeOffset());
        Assert.Contains(slots.GetProperty("refusedBeforeFirst").EnumerateArray(), r => r.GetProperty("kind").GetString() == "freeze" && r.GetProperty("subject").GetString() == id);
    }

    [Fact]
    public async Task AddFreeze_SameIdempotencyKeyAndRequest_ReturnsTheSameFreeze_AndADifferentRequestIs409()
    {
        string key = "incident-" + Guid.NewGuid().ToString("N");
        string end = CalendarHost.Iso(CalendarHost.Now.AddHours(1));
        object request = new { reason = "Retry me", end, environments = new[] { "dev" } };

        using HttpResponseMessage first = await fixture.AddFreezeAsync(request, key);
        using HttpResponseMessage again = await fixture.AddFreezeAsync(request, key);
        using HttpResponseMessage different = await fixture.AddFreezeAsync(new { reason = "Something else", end, environments = new[] { "dev" } }, key);

        JsonElement one = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        JsonElement two = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(one.GetProperty("id").GetString(), two.GetProperty("id").GetString());
        Assert.Equal(one.GetProperty("createdAt").GetDateTimeOffset(), two.GetProperty("createdAt").GetDateTimeOffset());
        JsonElement problem = await Problems.AssertProblemAsync(different, HttpStatusCode.Conflict);
        Assert.Equal("Idempotency-Key", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        JsonElement calendar = await fixture.GetJsonAsync("/api/calendar?environment=dev");
        Assert.Single(calendar.GetProperty("freezes").EnumerateArray(), f => f.GetProperty("name").GetString() == one.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"end":"{end}","environments":["staging"]}""", "reason")]
    [InlineData("""{"reason":"  ","end":"{end}","environments":["staging"]}""", "reason")]
    [InlineData("""{"reason":"x\u0007y","end":"{end}","environments":["staging"]}""", "reason")]
    [InlineData("""{"reason":"x","environments":["staging"]}""", "end")]
    [InlineData("""{"reason":"x","end":"2026-12-01T09:00:00","environments":["staging"]}""", "end")]
    [InlineData("""{"reason":"x","end":"2020-01-01T00:00:00Z","environments":["staging"]}""", "end")]
    [InlineData("""{"reason":"x","start":"{far}","end":"{end}","environments":["staging"]}""", "end")]
    [InlineData("""{"reason":"x","end":"{tooLong}","environments":["staging"]}""", "end")]
    [InlineData("""{"reason":"x","end":"{end}"}""", "environments")]
    [InlineData("""{"reason":"x","end":"{end}","environments":[]}""", "environments")]
    [InlineData("""{"reason":"x","end":"{end}","environments":"staging"}""", "environments")]
    [InlineData("""{"reason":"x","end":"{end}","environments":["moon"]}""", "environments[0]")]
    [InlineData("""{"reason":"x","end":"{end}","environments":["staging","staging"]}""", "environments[1]")]
    [InlineData("""{"reason":"x","end":"{end}","environments":["staging"],"services":["ghost-api"]}""", "services[0]")]
    [InlineData("""{"reason":"x","end":"{end}","environments":["staging"],"tiers":["tier-7"]}""", "tiers[0]")]
    [InlineData("""{"reason":"x","end":"{end}","environments":["staging"],"allowedReleaseTypes":["hotfix"]}""", "allowedReleaseTypes[0]")]
    [InlineData("""{"reason":"x","end":"{end}","environments":["staging"],"overridable":true}""", "overridable")]
    [InlineData("""{"reason":"x","reason":"y","end":"{end}","environments":["staging"]}""", "reason")]
    [InlineData("""["not an object"]""", "$")]
    public async Task AddFreeze_BadInput_Is400NamingTheFieldAndWritesNothing(string template, string field)
    {
        DateTimeOffset now = CalendarHost.Now;
        string body = template
            .Replace("{end}", CalendarHost.Iso(now.AddHours(2)), StringComparison.Ordinal)
            .Replace("{far}", CalendarHost.Iso(now.AddHours(5)), StringComparison.Ordinal)
            .Replace("{tooLong}", CalendarHost.Iso(now.AddDays(367)), StringComparison.Ordinal);
        WrittenState before = await WrittenState.CaptureAsync(fixture.Host.Settings);

        using HttpResponseMessage response = await fixture.AddFreezeAsync(body);

        JsonElement problem = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(before, await WrittenState.CaptureAsync(fixture.Host.Settings));
    }

    [Fact]
    public async Task AddFreeze_ByAPipelineKey_Is403AndWritesNothing()
    {
        WrittenState before = await WrittenState.CaptureAsync(fixture.Host.Settings);

        using HttpResponseMessage response = await fixture.AddFreezeAsync(
            new { reason = "Not mine to add", end = CalendarHost.Iso(CalendarHost.Now.AddHours(1)), environments = new[] { "production" } },
            key: fixture.Host.Settings.FunctionKey);

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await WrittenState.CaptureAsync(fixture.Host.Settings));
    }

    [Fact]
    public async Task GetFreeze_UnknownOrMalformedId_Is404()
    {
        using HttpResponseMessage unknown = await fixture.Http.GetAsync("/api/calendar/freezes/adhoc-" + Guid.NewGuid().ToString("N"));
        using HttpResponseMessage malformed = await fixture.Http.GetAsync("/api/calendar/freezes/..%2Fsecurity");

        await Problems.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        await Problems.AssertProblemAsync(malformed, HttpStatusCode.NotFound);
    }
}

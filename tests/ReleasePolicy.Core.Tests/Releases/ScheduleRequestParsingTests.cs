using System.Text;
using System.Text.Json.Nodes;
using ReleasePolicy.Readiness;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Core.Tests.Releases;

/// <summary>The request's optional <c>schedule</c>: desired start, duration, dependencies and freeze override.</summary>
public sealed class ScheduleRequestParsingTests
{
    private const string DependencyA = "rel-0123456789abcdef0123456789abcdef";
    private const string DependencyB = "rel-fedcba9876543210fedcba9876543210";

    private static JsonObject Body(JsonNode? schedule) => new()
    {
        ["service"] = "payments-api",
        ["version"] = "1.4.2",
        ["environment"] = "production",
        ["type"] = "patch",
        ["requestedBy"] = "alice",
        ["changeSummary"] = "Fix rounding",
        ["schedule"] = schedule,
    };

    private static ParseResult Parse(JsonObject body) => ReleaseRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), null);

    private static ParseResult ParseSchedule(string scheduleJson) => Parse(Body(JsonNode.Parse(scheduleJson)));

    [Fact]
    public void Parse_FullSchedule_ReadsEveryField()
    {
        ParseResult result = ParseSchedule(
            $$"""{ "notBefore": "2026-12-01T10:00:00+01:00", "duration": "PT45M", "dependsOn": ["{{DependencyA}}", "{{DependencyB}}"], "freezeOverride": { "reason": "Regulator deadline\nticket CHG-1" } }""");

        Assert.Empty(result.Errors);
        ScheduleRequest schedule = result.Request!.Schedule;
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), schedule.NotBefore);
        Assert.Equal(TimeSpan.FromMinutes(45), schedule.Duration);
        Assert.Equal([DependencyA, DependencyB], schedule.DependsOn);
        Assert.Equal("Regulator deadline\nticket CHG-1", schedule.FreezeOverride!.Reason);
    }

    [Fact]
    public void Parse_WithoutSchedule_IsNone()
    {
        JsonObject body = Body(null);
        body.Remove("schedule");

        ParseResult result = Parse(body);

        Assert.Same(ScheduleRequest.None, result.Request!.Schedule);
    }

    [Fact]
    public void Parse_NullOrEmptySchedule_AsksForNothing()
    {
        ParseResult nullSchedule = Parse(Body(null));
        ParseResult empty = ParseSchedule("{}");

        Assert.Same(ScheduleRequest.None, nullSchedule.Request!.Schedule);
        ScheduleRequest schedule = empty.Request!.Schedule;
        Assert.Null(schedule.NotBefore);
        Assert.Null(schedule.Duration);
        Assert.Empty(schedule.DependsOn);
        Assert.Null(schedule.FreezeOverride);
    }

    [Theory]
    [InlineData("[]", "schedule")]
    [InlineData("\"tomorrow\"", "schedule")]
    [InlineData("""{ "notbefore": "2026-12-01T10:00:00Z" }""", "schedule.notbefore")]
    [InlineData("""{ "notBefore": "2026-12-01T10:00:00" }""", "schedule.notBefore")]
    [InlineData("""{ "notBefore": "2026-12-01" }""", "schedule.notBefore")]
    [InlineData("""{ "notBefore": "2026-13-01T10:00:00Z" }""", "schedule.notBefore")]
    [InlineData("""{ "notBefore": "01/12/2026 10:00 +00:00" }""", "schedule.notBefore")]
    [InlineData("""{ "notBefore": 1764583200 }""", "schedule.notBefore")]
    [InlineData("""{ "duration": "PT0S" }""", "schedule.duration")]
    [InlineData("""{ "duration": "PT1.5S" }""", "schedule.duration")]
    [InlineData("""{ "duration": "P2DT1S" }""", "schedule.duration")]
    [InlineData("""{ "duration": "00:45:00" }""", "schedule.duration")]
    [InlineData("""{ "duration": "P1M" }""", "schedule.duration")]
    [InlineData("""{ "dependsOn": "rel-0123456789abcdef0123456789abcdef" }""", "schedule.dependsOn")]
    [InlineData("""{ "dependsOn": ["rel-0123456789abcdef0123456789abcdef", "rel-0123456789abcdef0123456789abcdef"] }""", "schedule.dependsOn[1]")]
    [InlineData("""{ "dependsOn": ["rel-0123456789abcdef0123456789abcdef", "rel-fedcba9876543210fedcba9876543210", "payments-api:1.4.1:production"] }""", "schedule.dependsOn[2]")]
    [InlineData("""{ "dependsOn": ["REL-0123456789ABCDEF0123456789ABCDEF"] }""", "schedule.dependsOn[0]")]
    [InlineData("""{ "dependsOn": [42] }""", "schedule.dependsOn[0]")]
    [InlineData("""{ "freezeOverride": "because" }""", "schedule.freezeOverride")]
    [InlineData("""{ "freezeOverride": {} }""", "schedule.freezeOverride.reason")]
    [InlineData("""{ "freezeOverride": { "reason": "  " } }""", "schedule.freezeOverride.reason")]
    [InlineData("""{ "freezeOverride": { "reason": "ok\u202Eko" } }""", "schedule.freezeOverride.reason")]
    [InlineData("""{ "freezeOverride": { "reason": "ok", "by": "olivia" } }""", "schedule.freezeOverride.by")]
    public void Parse_InvalidSchedule_NamesTheField(string scheduleJson, string field)
    {
        ParseResult result = ParseSchedule(scheduleJson);

        Assert.Null(result.Request);
        FieldError error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Parse_TooManyDependencies_IsRefused()
    {
        var ids = new JsonArray();
        for (var i = 0; i < 21; i++)
        {
            ids.Add($"rel-{i:x32}");
        }

        ParseResult result = Parse(Body(new JsonObject { ["dependsOn"] = ids }));

        Assert.Equal("schedule.dependsOn", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_LongestDurationAndReason_AreAccepted()
    {
        ParseResult result = Parse(Body(new JsonObject { ["duration"] = "P2D", ["freezeOverride"] = new JsonObject { ["reason"] = new string('r', 1000) } }));

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromDays(2), result.Request!.Schedule.Duration);
    }

    [Fact]
    public void Parse_ReasonTooLong_IsRefused()
    {
        ParseResult result = Parse(Body(new JsonObject { ["freezeOverride"] = new JsonObject { ["reason"] = new string('r', 1001) } }));

        Assert.Equal("schedule.freezeOverride.reason", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Parse_ScheduleErrors_AreReportedWithTheOtherFieldErrors()
    {
        JsonObject body = Body(JsonNode.Parse("""{ "duration": "soon" }"""));
        body["service"] = "Payments API";

        ParseResult result = Parse(body);

        Assert.Equal(["service", "schedule.duration"], result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Fingerprint_DiffersWithTheScheduleAndIsUnchangedWithoutOne()
    {
        ReleaseRequest plain = ParseSchedule("{}").Request!;
        ReleaseRequest withoutSchedule = plain with { Schedule = ScheduleRequest.None };
        ReleaseRequest scheduled = ParseSchedule("""{ "notBefore": "2026-12-01T10:00:00Z" }""").Request!;
        ReleaseRequest sameInstant = ParseSchedule("""{ "notBefore": "2026-12-01T11:00:00+01:00" }""").Request!;

        Assert.Equal(ReleaseIdentity.Fingerprint(withoutSchedule), ReleaseIdentity.Fingerprint(plain));
        Assert.NotEqual(ReleaseIdentity.Fingerprint(plain), ReleaseIdentity.Fingerprint(scheduled));
        Assert.Equal(ReleaseIdentity.Fingerprint(scheduled), ReleaseIdentity.Fingerprint(sameInstant));
    }
}

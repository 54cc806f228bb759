using System.Globalization;
using System.Text;
using ReleasePolicy.Functions.Http;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Fuzz;

/// <summary>
/// Generates hostile requests for every route of the app from one seed. Every body it sends to a writing route
/// carries at least one defect that must be refused (the "poison", applied last so nothing can undo it), so a
/// correct service writes nothing, whatever else the request contains.
/// </summary>
internal sealed class RequestGenerator(int seed)
{
    /// <summary>JSON string escapes no identifier or summary may contain (\n and \t are allowed in a summary, so absent).</summary>
    private static readonly string[] ForbiddenEscapes =
    [
        "\\u0000", "\\u0007", "\\r", "\\u001b", "\\u007f", "\\u0085", "\\u009f", "\\u202e", "\\u202a", "\\u2066", "\\u2069",
        "\\u200b", "\\u200d", "\\ufeff", "\\u00ad", "\\ud800", "\\udfff", "\\udbff\\u0041", "\\ud83d",
    ];

    /// <summary>Text that is odd but may be legal somewhere: quotes, markup, filters, paths, non-ASCII, emoji.</summary>
    private static readonly string[] OddText =
    [
        "' or 1 eq 1 or PartitionKey ne '", "\"", "\\\\", "../../etc/passwd", "%00", "%2F", "<script>alert(1)</script>",
        "${jndi:ldap://x}", "名前", "😀", "é", "a b", "", " ", "\\n\\t", "null", "0", "-1", "1e309", "{{x}}", "*", "?", "#",
    ];

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "BREW"];

    private readonly Random random = new(seed);

    /// <summary>
    /// <paramref name="count"/> requests weighted towards the writing routes, then, drawn from the same seed, one more
    /// for each route and method the app hosts that chance left out, so every route is fuzzed in every run.
    /// </summary>
    public IEnumerable<FuzzRequest> Generate(int count)
    {
        var coverage = RouteCoverage.OfTheApp();
        for (int i = 0; i < count; i++)
        {
            FuzzRequest request = (i % 10) switch
            {
                0 or 1 or 2 or 3 => this.SubmitRelease(),
                4 => this.PublishPolicy(),
                5 => this.ReadRelease(),
                6 => this.ListReleases(),
                7 => this.ReadPolicy(),
                8 => this.AnyMethodAnyPath(),
                _ => this.AnyArea(),
            };
            coverage.Reached(request);
            yield return request;
        }

        for (int drawn = 0; coverage.Missing.Count > 0 && drawn < MaxTopUpDraws; drawn++)
        {
            FuzzRequest request = this.AnyArea();
            if (coverage.Reached(request))
            {
                yield return request;
            }
        }
    }

    /// <summary>Draws for the routes chance left out; a route still missing after them has no generator, which the coverage test names.</summary>
    private const int MaxTopUpDraws = 200_000;

    private FuzzRequest AnyArea() => this.random.Next(12) switch
    {
        0 => this.SubmitRelease(),
        1 => this.ReadRelease(),
        2 => this.Approvals(),
        3 => this.Calendar(),
        4 => this.Events(),
        5 => this.Alerts(),
        6 => this.ReleaseSignals(),
        7 => this.Incidents(),
        8 => this.PublishPolicy(),
        9 => this.ReadPolicy(),
        10 => this.ListReleases(),
        _ => this.Audit(),
    };

    private FuzzRequest SubmitRelease()
    {
        var fields = new List<(string Name, string Json)>
        {
            ("service", "\"payments-api\""), ("version", "\"1.4.2\""), ("environment", "\"production\""), ("type", "\"patch\""),
            ("requestedBy", "\"alice\""), ("changeSummary", "\"Fix rounding\""),
        };
        if (this.Chance(0.5))
        {
            fields.Add(("evidence", this.Evidence()));
        }

        if (this.Chance(0.3))
        {
            fields.Add(("schedule", this.Schedule()));
        }

        for (int i = this.random.Next(3); i > 0; i--)
        {
            int at = this.random.Next(fields.Count);
            fields[at] = (fields[at].Name, this.JsonString(this.Pick(OddText) + this.Word()));
        }

        string? contentType = "application/json";
        byte[] body;
        switch (this.random.Next(12))
        {
            case 0: body = this.Serialize(this.WithForbiddenCharacter(fields)); break;
            case 1: body = this.Serialize(this.WithDuplicate(fields)); break;
            case 2: fields.RemoveAt(this.random.Next(Math.Min(6, fields.Count))); body = this.Serialize(fields); break;
            case 3: fields.Add((this.Word() + this.Pick(ForbiddenEscapes), "1")); body = this.Serialize(fields); break;
            case 4:
                int wrong = this.random.Next(6);
                fields[wrong] = (fields[wrong].Name, this.Pick(["1", "true", "[]", "{}", "[\"a\"]", "-0.5e3"]));
                body = this.Serialize(this.WithDuplicateFree(fields));
                break;
            case 5: fields.Add(("evidence", this.Nested(this.random.Next(33, 3000)))); body = this.Serialize(this.WithDuplicateFree(fields)); break;
            case 6:
                body = this.Serialize(fields);
                body = body[..this.random.Next(body.Length - 1)];
                break;
            case 7:
                body = this.Serialize(fields);
                int offset = this.random.Next(body.Length);
                body = [.. body[..offset], this.Pick<byte>([0xFF, 0xC3, 0x80, 0xED, 0xF8, 0xC0]), .. body[offset..]];
                break;
            case 8:
                body = this.Serialize(fields);
                contentType = this.Pick<string?>([null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; charset=\"latin1\"", "application/json;;;", "*/*", "json"]);
                break;
            case 9:
                int field = this.random.Next(6);
                fields[field] = (fields[field].Name, "\"" + new string('x', this.Pick([4001, 10_000, 300_000])) + "\"");
                body = this.Serialize(this.WithDuplicateFree(fields));
                break;
            case 10:
                // Over the body limit: 413.
                body = Encoding.UTF8.GetBytes("{\"changeSummary\":\"" + new string('y', JsonRequestBody.MaxBytes) + "\"}");
                break;
            default:
                body = this.Serialize(this.WithLoneSurrogateSomewhere(fields));
                break;
        }

        string? key = this.Chance(0.3) ? this.Word() + (this.Chance(0.5) ? this.Pick(["\u0001", "\u007f", "\t", "  "]) : string.Empty) : null;
        return new FuzzRequest("POST", "/api/releases", body, contentType, this.Caller(FuzzCaller.Pipeline), key);
    }

    private FuzzRequest PublishPolicy()
    {
        string text = SamplePolicy.Text;
        string? contentType = this.Pick<string?>(["application/yaml", "text/yaml", "application/json", "text/plain", "application/yaml; charset=utf-8"]);
        // Poison: a version outside the pattern (insertions below never remove its bad character).
        string version = this.Word() + this.Pick(["ã", " ", "/", "\\u202e", "\\r\\n", "\\u0000", "é", "\\ud800", "😀", "%"]) + this.Word();
        text = text.Replace("version: \"2026.11.1\"", $"version: \"{version}\"", StringComparison.Ordinal);
        for (int i = this.random.Next(4); i > 0; i--)
        {
            int at = this.random.Next(text.Length);
            text = text.Insert(at, this.Pick(["\u0000", "\r", "\u202e", "&a", "*a", "[", "{", "- ", ": ", "!!binary ", "\"", "\\ud800", new string(' ', 200), new string('[', 100)]));
        }

        byte[] body = Encoding.UTF8.GetBytes(text);
        switch (this.random.Next(6))
        {
            case 0:
                int offset = this.random.Next(body.Length);
                body = [.. body[..offset], 0xFE, .. body[offset..]];
                break;
            case 1:
                contentType = this.Pick(["application/yaml; charset=iso-8859-1", "text/plain; charset=utf-16", "application/octet-stream", "application/xml"]);
                break;
            case 2:
                body = Encoding.UTF8.GetBytes("{\"version\":\"1\",\"version\":\"2\",\"name\":\"x\"" + new string('[', this.random.Next(1, 200)) + "}");
                contentType = "application/json";
                break;
            default:
                break;
        }

        return new FuzzRequest("PUT", "/api/policy", body, contentType, this.Caller(FuzzCaller.Admin));
    }

    private FuzzRequest ReadRelease()
    {
        (string segment, bool kestrel) = this.HostilePathSegment();
        string path = "/api/releases/" + segment + (this.Chance(0.4) ? "/submission" : string.Empty) + (this.Chance(0.2) ? "?" + this.Query() : string.Empty);
        return new FuzzRequest("GET", path, null, null, this.Caller(FuzzCaller.Pipeline), KestrelAnswers: kestrel);
    }

    private FuzzRequest ListReleases() =>
        new("GET", "/api/releases?" + this.Query(), null, null, this.Caller(FuzzCaller.Pipeline));

    private FuzzRequest ReadPolicy()
    {
        (string segment, bool kestrel) = this.HostilePathSegment();
        string path = this.random.Next(6) switch
        {
            0 => "/api/policy?" + this.Query(),
            1 => "/api/policy/versions?" + this.Query(),
            2 => "/api/policy/versions/" + this.Pick([segment, "0", "-1", "99999999999", "1.5", "1e3", "0x10", "999", "1"]),
            3 => "/api/policy/controls?" + this.Query(),
            4 => "/api/policy/proposals/" + this.Pick([segment, "2026.11.1", "..", "policy-1", segment + "?" + this.Query()]),
            _ => "/api/policy/versions/" + segment,
        };
        return new FuzzRequest("GET", path, null, null, this.Caller(FuzzCaller.Pipeline), KestrelAnswers: kestrel && path.Contains(segment, StringComparison.Ordinal));
    }

    /// <summary>
    /// The audit routes. Ledger dates are never a real ended day (reading one would seal it: a legitimate write), and a
    /// legal hold can only name a release that does not exist, so nothing may be written.
    /// </summary>
    private FuzzRequest Audit()
    {
        (string segment, bool kestrel) = this.HostilePathSegment();
        string date = this.Pick([segment, "2026-13-01", "2026-02-30", "0000-00-00", "9999-12-31", "26-11-28", "2026-11-28T00:00:00Z", "-1", "yesterday"]);
        string path = this.random.Next(8) switch
        {
            0 => "/api/audit/releases?" + this.Query(),
            1 => "/api/audit/releases/" + segment,
            2 => "/api/audit/releases/" + segment + this.Pick(["/verify", "/export"]),
            3 => "/api/audit/ledger/" + date + (this.Chance(0.5) ? "/verify" : string.Empty),
            4 => this.Pick(["/api/audit/signing-keys", "/api/health"]) + (this.Chance(0.5) ? "?" + this.Query() : string.Empty),
            _ => "/api/audit/releases/" + segment + "/legal-hold",
        };
        bool hold = path.EndsWith("/legal-hold", StringComparison.Ordinal);
        string method = hold ? this.Pick(["POST", "DELETE"]) : "GET";
        byte[]? body = hold ? this.Pick<byte[]>([Encoding.UTF8.GetBytes("{\"reason\":\"x\"}"), Encoding.UTF8.GetBytes("{\"reason\":\"\ud800\"}"), [0xFF, 0xFE], Encoding.UTF8.GetBytes("{\"reason\":" + new string('[', 40) + "}")]) : null;
        return new FuzzRequest(method, path, body, body is null ? null : "application/json", this.Caller(FuzzCaller.Auditor), KestrelAnswers: kestrel && path.Contains(segment, StringComparison.Ordinal));
    }

    /// <summary>The access review (read-only) and the dev outboxes of mail and events (read-only, opened without credentials).</summary>
    private FuzzRequest Approvals()
    {
        (string segment, bool kestrel) = this.HostilePathSegment();
        string value = this.Pick([segment, this.Word(), "csv", "json", "CSV", "xml", "%00", "%0D%0A", "%FF", new string('r', 300), string.Empty]);
        (string path, FuzzCaller caller) = this.random.Next(7) switch
        {
            0 => ("/api/approvals/access-review?format=" + value, FuzzCaller.Auditor),
            4 => ("/api/approvals/" + this.Pick([segment, "eyJ2IjoxfQ." + value, new string('A', 2000), "a.b.c"]), FuzzCaller.None),
            5 => ("/api/approvals/pending?approver=" + value, FuzzCaller.Admin),
            6 => ("/api/approvals/actionable", FuzzCaller.None),
            1 => ("/api/dev/outbox?releaseId=" + value + (this.Chance(0.5) ? "&to=" + this.Pick([segment, "alice", "a%27b%40c"]) : string.Empty), FuzzCaller.None),
            2 => ("/api/dev/outbox/" + this.Pick([segment, "0000000000000000001-0123456789abcdef0123456789abcdef", "9999999999999999999-" + new string('f', 32)]), FuzzCaller.None),
            3 when this.Chance(0.5) => ("/api/dev/events?releaseId=" + value, FuzzCaller.None),
            _ => ("/api/approvals/access-review?" + this.Query(), FuzzCaller.Admin),
        };
        string method = this.Chance(0.8) ? "GET" : this.Pick(["POST", "PUT", "DELETE", "PATCH"]);
        byte[]? body = method is "GET" or "DELETE" ? null : Encoding.UTF8.GetBytes("{\"x\":\"\\ud800\"");

        // A NUL in the path (a token ending in "%00") is Kestrel's to refuse, like a hostile segment; in the query it is ours.
        bool nulInPath = path.Split('?')[0].Contains("%00", StringComparison.Ordinal);
        return new FuzzRequest(method, path, body, body is null ? null : "application/json", this.Caller(caller), KestrelAnswers: nulInPath || (kestrel && path.Contains(segment, StringComparison.Ordinal)));
    }

    /// <summary>
    /// The calendar: hostile queries on the read routes (the feed's key may come in <c>code</c>), hostile freeze ids, and
    /// ad-hoc freezes that each carry a defect (the poison, applied last), so none may be added.
    /// </summary>
    private FuzzRequest Calendar()
    {
        (string segment, bool kestrel) = this.HostilePathSegment();
        switch (this.random.Next(6))
        {
            case 0: return new FuzzRequest("GET", "/api/calendar?" + this.CalendarQuery(), null, null, this.Caller(FuzzCaller.Pipeline));
            case 1: return new FuzzRequest("GET", "/api/calendar.ics?" + this.CalendarQuery(), null, null, this.Caller(FuzzCaller.Pipeline));
            case 2: return new FuzzRequest("GET", "/api/calendar/slots?" + this.CalendarQuery(), null, null, this.Caller(FuzzCaller.Pipeline));
            case 3:
                string path = "/api/calendar/freezes/" + this.Pick([segment, "adhoc-" + new string('0', 32), "adhoc-" + new string('g', 32), "adhoc-", "..", segment + "?" + this.CalendarQuery()]);
                return new FuzzRequest(this.Chance(0.8) ? "GET" : this.Pick(["PUT", "DELETE", "PATCH"]), path, null, null, this.Caller(FuzzCaller.Admin), KestrelAnswers: kestrel && path.Contains(segment, StringComparison.Ordinal));
            default: return this.AddFreeze();
        }
    }

    private FuzzRequest AddFreeze()
    {
        string Instant(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var fields = new List<(string Name, string Json)>
        {
            ("reason", this.JsonString("Incident " + this.Word())), ("end", this.JsonString(Instant(TimeSpan.FromHours(2)))), ("environments", "[\"production\"]"),
        };
        if (this.Chance(0.3))
        {
            fields.Add(("services", "[\"payments-api\"]"));
        }

        if (this.Chance(0.3))
        {
            fields.Add(("allowedReleaseTypes", "[\"emergency\"]"));
        }

        if (this.Chance(0.3))
        {
            // Noise: odd but possibly legal text in the reason.
            fields[0] = ("reason", this.JsonString(this.Pick(OddText) + this.Word()));
        }

        string? contentType = "application/json";
        byte[]? body = null;
        switch (this.random.Next(15))
        {
            case 0: fields.RemoveAt(0); break;
            case 1: fields[2] = ("environments", this.Pick(["[]", "\"production\"", "null", "[1]"])); break;
            case 2: fields[2] = ("environments", this.JsonString("nowhere-" + this.Word()).Insert(0, "[") + "]"); break;
            case 3: fields.Add((this.Pick(["Reason", "id", "createdBy", this.Word()]), "\"x\"")); break;
            case 4: fields.Add(("start", this.JsonString(Instant(TimeSpan.FromHours(3))))); break;
            case 5: fields[1] = ("end", this.JsonString(Instant(TimeSpan.FromDays(this.Pick([367, 400, 5000]))))); break;
            case 6: fields[1] = ("end", this.JsonString(this.Pick(["2020-01-01T00:00:00Z", "2026-12-01T09:00:00", "tomorrow", "9999-12-31T23:59:59Z", "0001-01-01", "", "2026-02-30"]))); break;
            case 7: fields[0] = ("reason", "\"" + this.Word() + this.Pick(ForbiddenEscapes) + this.Word() + "\""); break;
            case 8: fields.Add(("tiers", this.Pick(["[\"tier-9\"]", "[\"Tier-0\"]", "[\"tier-0\",\"tier-0\"]", "\"tier-0\""]))); break;
            case 9: fields.Add(("allowedReleaseTypes", this.Pick(["[\"hotfix\"]", "[\"Emergency\"]", "[null]", "{}"]))); break;
            case 10: fields = this.WithDuplicate(fields); break;
            case 11: contentType = this.Pick<string?>([null, "text/plain", "application/json; charset=utf-16", "application/xml"]); break;
            case 12:
                body = this.Serialize(fields);
                body = body[..this.random.Next(body.Length - 1)];
                break;
            case 13: fields[1] = ("end", this.Pick(["123", "true", "[]", "{}"])); break;
            default: fields[2] = ("environments", "[\"production\",\"production\"]"); break;
        }

        string? key = this.Chance(0.3) ? this.Word() : null;
        return new FuzzRequest("POST", "/api/calendar/freezes", body ?? this.Serialize(fields), contentType, this.Caller(FuzzCaller.Admin), key);
    }

    /// <summary>
    /// Incidents: hostile filters and ids on the reads, and root-cause analyses that each carry a defect (a missing or
    /// mistyped field, an unknown or duplicate name, a forbidden character, too long, the wrong media type, cut short).
    /// </summary>
    private FuzzRequest Incidents()
    {
        (string segment, bool kestrel) = this.HostilePathSegment();
        string id = this.Pick([segment, "inc-rel-" + new string('0', 32), "inc-" + this.Word(), "inc-rel-" + new string('g', 32), "..", "inc-"]);
        switch (this.random.Next(4))
        {
            case 0:
                string query = this.Pick(["service=" + this.Pick(["Payments API", "payments-api", "%00", "x/y", string.Empty]), "owingRootCause=" + this.Pick(["yes", "1", "TRUE", "true", string.Empty]), "limit=" + this.Pick(["0", "-1", "1001", "1e3", "x"]), this.Query()]);
                return new FuzzRequest("GET", "/api/incidents?" + query, null, null, this.Caller(FuzzCaller.Pipeline));
            case 1:
                return new FuzzRequest(this.Chance(0.8) ? "GET" : this.Pick(["PUT", "DELETE", "PATCH"]), "/api/incidents/" + id, null, null, this.Caller(FuzzCaller.Auditor), KestrelAnswers: kestrel && id == segment);
            default:
                break;
        }

        var fields = new List<(string Name, string Json)> { ("findings", this.JsonString("Pool exhausted " + this.Word())), ("actions", "[\"Cap retries\"]") };
        if (this.Chance(0.3))
        {
            fields.Add(("reference", this.JsonString(this.Pick(OddText) + this.Word())));
        }

        string? contentType = "application/json";
        byte[]? body = null;
        switch (this.random.Next(10))
        {
            case 0: fields.RemoveAt(this.random.Next(2)); break;
            case 1: fields[1] = ("actions", this.Pick(["[]", "\"Cap retries\"", "null", "[1]", "[\"a\",\"a\"]", "[\"\"]", "{}"])); break;
            case 2: fields[0] = ("findings", this.Pick(["\"\"", "\"   \"", "7", "[]", "\"" + new string('f', 8001) + "\""])); break;
            case 3: fields.Add((this.Pick(["Findings", "filedBy", "incidentId", this.Word()]), "\"x\"")); break;
            case 4: fields[0] = ("findings", "\"" + this.Word() + this.Pick(ForbiddenEscapes) + this.Word() + "\""); break;
            case 5: fields = this.WithDuplicate(fields); break;
            case 6: contentType = this.Pick<string?>([null, "text/plain", "application/json; charset=utf-16", "application/xml"]); break;
            case 7:
                body = this.Serialize(fields);
                body = body[..this.random.Next(body.Length - 1)];
                break;
            case 8: fields[1] = ("actions", "[" + string.Join(",", Enumerable.Range(0, 51).Select(i => "\"a" + i + "\"")) + "]"); break;
            default: fields.Add(("reference", "\"PRB\\n1\"")); break;
        }

        string path = "/api/incidents/" + id + "/rca";
        return new FuzzRequest("POST", path, body ?? this.Serialize(fields), contentType, this.Caller(FuzzCaller.Admin), this.Chance(0.3) ? this.Word() : null, KestrelAnswers: kestrel && id == segment);
    }

    /// <summary>
    /// The Event Grid webhook: every delivery carries a defect (not JSON, not UTF-8, neither envelope, a mixed or empty
    /// batch, an event without a required attribute, a wrong media type), so none may be accepted; the handshake
    /// without its origin header; hostile limits on the unmatched list.
    /// </summary>
    private FuzzRequest Events()
    {
        const string cloud = "{\"specversion\":\"1.0\",\"type\":\"ReleasePolicy.Deployment.Started\",\"source\":\"/fuzz\",\"id\":\"f-1\",\"data\":{\"service\":\"payments-api\"}}";
        switch (this.random.Next(4))
        {
            case 0: return new FuzzRequest("GET", "/api/events/unmatched?" + this.Pick(["limit=" + this.Pick(["0", "-1", "1001", "1e3", "%00", "%FF", "x", "2147483648", string.Empty]), this.Query()]), null, null, this.Caller(FuzzCaller.Admin));
            case 1: return new FuzzRequest("OPTIONS", "/api/events" + (this.Chance(0.5) ? "?" + this.Query() : string.Empty), null, null, this.Caller(FuzzCaller.Pipeline));
            default: break;
        }

        string? contentType = this.Pick<string?>(["application/json", "application/cloudevents+json", "application/cloudevents-batch+json; charset=utf-8"]);
        byte[] body = this.random.Next(10) switch
        {
            0 => Encoding.UTF8.GetBytes(cloud[..this.random.Next(cloud.Length - 1)]),
            1 => [.. Encoding.UTF8.GetBytes(cloud[..20]), this.Pick<byte>([0xFF, 0xC3, 0xED, 0xC0]), .. Encoding.UTF8.GetBytes(cloud[20..])],
            2 => Encoding.UTF8.GetBytes(this.Pick(["[]", "{}", "null", "42", "\"x\"", "[1]", "[[]]", "{\"data\":{}}", "{\"" + this.Word() + "\":1}"])),
            3 => Encoding.UTF8.GetBytes("[" + cloud + ",{\"eventType\":\"x\",\"id\":\"1\"}]"),
            4 => Encoding.UTF8.GetBytes(cloud.Replace("\"id\":\"f-1\",", string.Empty, StringComparison.Ordinal)),
            5 => Encoding.UTF8.GetBytes(cloud.Replace("f-1", "f-" + this.Word() + "\\ud800", StringComparison.Ordinal)),
            6 => Encoding.UTF8.GetBytes(cloud.Replace("\"id\"", "\"source\"", StringComparison.Ordinal)),
            7 => Encoding.UTF8.GetBytes("{\"eventType\":\"x\",\"id\":" + this.Pick(["1", "null", "[]", "\"\""]) + ",\"subject\":\"s\",\"eventTime\":\"" + this.Pick(["yesterday", "2026-13-01", string.Empty]) + "\",\"data\":{},\"dataVersion\":\"1\"}"),
            8 => Encoding.UTF8.GetBytes(cloud + new string(']', this.random.Next(1, 5))),
            _ => Encoding.UTF8.GetBytes("[" + new string('[', this.random.Next(30, 200)) + cloud),
        };
        if (this.Chance(0.15))
        {
            // The wrong media type: refused before the body is read, whatever it holds.
            contentType = this.Pick<string?>([null, "text/plain", "application/xml", "application/json; charset=utf-16"]);
        }

        return new FuzzRequest("POST", "/api/events" + (this.Chance(0.3) ? "?" + this.Query() : string.Empty), body, contentType, this.Caller(FuzzCaller.Pipeline));
    }

    /// <summary>
    /// Azure Monitor alerts, each with a defect (no or another schemaId, a missing or invalid alertId, severity or
    /// monitorCondition, a list that is not one, a time that is not one, not JSON), so none may be accepted.
    /// </summary>
    private FuzzRequest Alerts()
    {
        const string alert = "{\"schemaId\":\"azureMonitorCommonAlertSchema\",\"data\":{\"essentials\":{\"alertId\":\"fz\",\"alertRule\":\"r\",\"severity\":\"Sev1\",\"monitorCondition\":\"Fired\",\"alertTargetIDs\":[\"/s/x\"],\"firedDateTime\":\"2026-11-27T10:00:00Z\"},\"customProperties\":{\"service\":\"payments-api\"}}}";
        string body = this.random.Next(10) switch
        {
            0 => alert.Replace("azureMonitorCommonAlertSchema", this.Pick(["", "AzureMonitorCommonAlertSchema", "Microsoft.Insights/activityLogs"]), StringComparison.Ordinal),
            1 => alert.Replace("\"schemaId\":\"azureMonitorCommonAlertSchema\",", string.Empty, StringComparison.Ordinal),
            2 => alert.Replace("\"alertId\":\"fz\",", this.Pick(["", "\"alertId\":\"\",", "\"alertId\":7,", "\"alertId\":null,", "\"alertId\":\"a\\u202e\","]), StringComparison.Ordinal),
            3 => alert.Replace("Sev1", this.Pick(["Sev5", "sev1", "", "Critical", this.Word()]), StringComparison.Ordinal),
            4 => alert.Replace("\"Fired\"", this.Pick(["\"Active\"", "\"fired\"", "null", "1", "\"\""]), StringComparison.Ordinal),
            5 => alert.Replace("[\"/s/x\"]", this.Pick(["\"/s/x\"", "[1]", "{}", "[[\"x\"]]"]), StringComparison.Ordinal),
            6 => alert.Replace("2026-11-27T10:00:00Z", this.Pick(["yesterday", "2026-13-01", ""]), StringComparison.Ordinal),
            7 => alert.Replace("{\"service\":\"payments-api\"}", this.Pick(["[]", "\"x\"", "7"]), StringComparison.Ordinal),
            8 => alert[..this.random.Next(alert.Length - 1)],
            _ => this.Pick(["[]", "{}", "null", "[" + alert + "]", "{\"data\":{}}"]),
        };
        return new FuzzRequest("POST", "/api/alerts" + (this.Chance(0.3) ? "?" + this.Query() : string.Empty), Encoding.UTF8.GetBytes(body), "application/json", this.Caller(FuzzCaller.Pipeline));
    }

    /// <summary>
    /// A release's signals: bodies with a defect (an unknown field, a bad id, type, time or data, not an object), for an id
    /// that is ours in shape or not; and hostile limits on the list.
    /// </summary>
    private FuzzRequest ReleaseSignals()
    {
        string id = this.Pick(["rel-00000000000000000000000000000000", "rel-x", "..", "%2F", this.Word()]);
        if (this.Chance(0.25))
        {
            return new FuzzRequest("GET", $"/api/releases/{id}/signals?limit=" + this.Pick(["0", "-1", "1001", "x", "%00", string.Empty]), null, null, this.Caller(FuzzCaller.Pipeline));
        }

        const string signal = "{\"id\":\"s-1\",\"type\":\"ReleasePolicy.Deployment.Started\",\"time\":\"2026-12-01T10:00:00Z\",\"data\":{}}";
        string body = this.random.Next(7) switch
        {
            0 => signal.Replace("{\"id\"", "{\"" + this.Pick(["releaseId", "Id", "extra", this.Word()]) + "\":1,\"id\"", StringComparison.Ordinal),
            1 => signal.Replace("\"s-1\"", this.Pick(["\"\"", "\"-x\"", "\"a b\"", "7", "\"" + new string('a', 129) + "\""]), StringComparison.Ordinal),
            2 => signal.Replace("ReleasePolicy.Deployment.Started", this.Pick(["Microsoft.Insights.AzureMonitorAlert", "ReleasePolicy.Deployment.Exploded", ""]), StringComparison.Ordinal),
            3 => signal.Replace("2026-12-01T10:00:00Z", this.Pick(["2026-12-01T10:00:00", "tomorrow", "2026-12-01"]), StringComparison.Ordinal),
            4 => signal.Replace("\"data\":{}", "\"data\":" + this.Pick(["[]", "\"x\"", "1"]), StringComparison.Ordinal),
            5 => signal[..this.random.Next(signal.Length - 1)],
            _ => this.Pick(["[]", "null", "\"x\"", "[" + signal + "]"]),
        };
        return new FuzzRequest("POST", $"/api/releases/{id}/signals", Encoding.UTF8.GetBytes(body), "application/json", this.Caller(this.Pick([FuzzCaller.Pipeline, FuzzCaller.Admin])));
    }

    private string CalendarQuery()
    {
        var parts = new List<string>();
        for (int i = this.random.Next(1, 6); i > 0; i--)
        {
            string name = this.Pick(["environment", "service", "from", "to", "type", "duration", "after", "count", "code", this.Word()]);
            string value = this.Pick([
                "production", "staging", "payments-api", "nowhere", "2026-12-01", "2026-12-01T09:00:00Z", "2026-12-01T09:00:00", "0001-01-01", "9999-12-31",
                "2199-12-31T23:59:59Z", "PT45M", "P9999D", "PT0S", "-PT1H", "P1W", "0", "-1", "21", "5", "2147483648", "emergency", "Emergency", "hotfix",
                "%00", "%0D%0A", "%FF", "%ED%A0%80", "%E2%80%AE", Uri.EscapeDataString(this.Pick(OddText)), new string('q', 3000), string.Empty, this.Word(),
            ]);
            parts.Add(name + "=" + value);
        }

        return string.Join('&', parts);
    }

    private FuzzRequest AnyMethodAnyPath()
    {
        (string segment, bool kestrel) = this.HostilePathSegment();
        string path = this.Pick(["/api/releases", "/api/releases/" + segment, "/api/releases/x/submission", "/api/policy", "/api/policy/versions", "/api/policy/versions/1", "/api/policy/controls", "/api/policy/proposals/" + segment, "/api/audit/releases", "/api/audit/releases/" + segment, "/api/audit/ledger/" + segment, "/api/health", "/api/audit/signing-keys", "/api/dev/outbox", "/api/dev/events", "/api/approvals/access-review", "/api/approvals/pending", "/api/approvals/" + segment, "/api/approvals/actionable", "/api/calendar", "/api/calendar.ics", "/api/calendar/slots", "/api/calendar/freezes", "/api/calendar/freezes/" + segment, "/api/events/unmatched", "/api/" + segment, "/" + segment, "/api", "/api/releases/a/b/c"]);
        string method = this.Pick(Methods);
        // Writing methods carry a body that is refused whatever the route (invalid JSON and not a policy).
        byte[]? body = method is "POST" or "PUT" or "PATCH" ? Encoding.UTF8.GetBytes("{\"version\":\"\\ud800\"") : null;
        return new FuzzRequest(method, path, body, body is null ? null : "application/json", this.Caller(FuzzCaller.Pipeline), KestrelAnswers: kestrel && path.Contains(segment, StringComparison.Ordinal));
    }

    private (string Segment, bool KestrelAnswers) HostilePathSegment()
    {
        if (this.Chance(0.05))
        {
            return ("a%00b", true);
        }

        string raw = this.Pick(OddText) + this.Word() + this.Pick(["\r\n", "\u202e", "\u200b", "\u0001", "\u007f", "é", "😀", "..", "%", " ", "?x=1", "#frag", string.Empty]);
        return this.random.Next(4) switch
        {
            0 => (Uri.EscapeDataString(raw.Replace("\0", string.Empty, StringComparison.Ordinal)), false),
            1 => ("rel-" + new string('0', this.Pick([31, 32, 33, 5000])), false),
            2 => (this.Pick(["..", "%2e%2e", "%2F", "%5C", "%ZZ", "%", "%25", "%C0%AF", "%ED%A0%80", "%FF", "~", ";x=1", "%0D%0Ainjected"]), false),
            _ => (Uri.EscapeDataString(this.Word()), false),
        };
    }

    private string Query()
    {
        var parts = new List<string>();
        for (int i = this.random.Next(1, 5); i > 0; i--)
        {
            string name = this.Pick(["service", "status", "limit", "format", "continuationToken", "code", this.Word()]);
            string value = this.Pick([
                this.Word(), "submitted", "done", "SUBMITTED", "0", "-1", "1001", "1", "2147483648", "1e3", "yaml", "YAML", "json",
                "%00", "%0D%0A", "%FF", "%ED%A0%80", "%E2%80%AE", Uri.EscapeDataString(this.Pick(OddText)), new string('q', 3000), string.Empty,
            ]);
            parts.Add(name + "=" + value);
        }

        return string.Join('&', parts);
    }

    private string Evidence()
    {
        var sb = new StringBuilder("{");
        sb.Append("\"testCoverage\":").Append(this.Pick(["0.9", "2", "-1", "\"x\"", "null", "1e400"]));
        sb.Append(",\"peerReview\":{\"reviewers\":[").Append(string.Join(',', Enumerable.Range(0, this.random.Next(0, 120)).Select(_ => this.JsonString(this.Word())))).Append("],\"approvals\":").Append(this.Pick(["2", "-3", "2147483648", "\"2\""])).Append('}');
        sb.Append(",\"scanFindings\":{\"critical\":0,\"findings\":[").Append(string.Join(',', Enumerable.Range(0, this.random.Next(0, 50)).Select(_ => $"{{\"id\":{this.JsonString(this.Word())},\"title\":{this.JsonString(this.Pick(OddText))},\"severity\":{this.JsonString(this.Pick(["low", "high", "Critical", "none", ""]))}}}"))).Append("]}");
        sb.Append(",\"runbook\":{\"url\":").Append(this.JsonString(this.Pick(OddText) + new string('u', this.Pick([1, 3000])))).Append('}');
        sb.Append(",\"").Append(this.Word()).Append("\":").Append(this.JsonString(this.Pick(OddText)));
        return sb.Append('}').ToString();
    }

    /// <summary>A <c>schedule</c>, well-formed or not; the body's poison still makes the whole request a refusal.</summary>
    private string Schedule()
    {
        const string id = "\"rel-0123456789abcdef0123456789abcdef\"";
        return this.random.Next(6) switch
        {
            0 => "{\"notBefore\":\"2026-12-01T10:00:00Z\",\"duration\":\"PT45M\",\"dependsOn\":[" + id + "]}",
            1 => "{\"notBefore\":" + this.Pick(["\"2026-12-01T10:00:00\"", "\"9999-12-31T23:59:59-01:00\"", "\"0001-01-01T00:00:00+14:00\"", "\"2026-12-01T10:00:00-23:59\"", "1e309", "[]", "{}"]) + "}",
            2 => "{\"duration\":" + this.Pick(["\"P0D\"", "\"PT1.5S\"", "\"P9999D\"", "\"-PT1H\"", "\"P1Y\"", "\"PT99999999999H\"", "true"]) + "}",
            3 => "{\"dependsOn\":[" + string.Join(',', Enumerable.Repeat(id, this.random.Next(1, 40))) + "," + this.JsonString(this.Pick(OddText) + this.Word()) + "]}",
            // Built raw, like the forbidden characters: the escape must reach the server as a JSON escape.
            4 => "{\"freezeOverride\":{\"reason\":\"" + this.Word() + this.Pick(ForbiddenEscapes) + "\"}}",
            _ => "{\"freezeOverride\":{\"reason\":" + this.JsonString(new string('r', this.Pick([0, 1000, 1001, 100_000]))) + ",\"" + this.Word() + "\":1}}",
        };
    }

    private List<(string Name, string Json)> WithForbiddenCharacter(List<(string Name, string Json)> fields)
    {
        int at = this.random.Next(Math.Min(6, fields.Count));
        // Built raw: the escape must reach the server as a JSON escape, not as an escaped backslash.
        fields[at] = (fields[at].Name, "\"" + this.Word() + this.Pick(ForbiddenEscapes) + this.Word() + "\"");
        return this.WithDuplicateFree(fields);
    }

    private List<(string Name, string Json)> WithLoneSurrogateSomewhere(List<(string Name, string Json)> fields)
    {
        fields.Add(("evidence", "{\"runbook\":{\"sections\":[\"a\",\"" + this.Pick(["\\ud800", "\\udc00x", "\\ud83d\\u0041"]) + "\"]}}"));
        return this.WithDuplicateFree(fields);
    }

    private List<(string Name, string Json)> WithDuplicate(List<(string Name, string Json)> fields)
    {
        (string name, string json) = fields[this.random.Next(fields.Count)];
        fields.Insert(this.random.Next(fields.Count + 1), (name, this.Chance(0.5) ? json : this.JsonString(this.Word())));
        return fields;
    }

    // Keeps the last of each name, so that the poison just applied is what the body says.
    private List<(string Name, string Json)> WithDuplicateFree(List<(string Name, string Json)> fields) =>
        fields.GroupBy(f => f.Name, StringComparer.Ordinal).Select(g => g.Last()).ToList();

    private byte[] Serialize(List<(string Name, string Json)> fields) =>
        Encoding.UTF8.GetBytes("{" + string.Join(',', fields.Select(f => $"\"{f.Name}\":{f.Json}")) + "}");

    private string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private string JsonString(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private string Word() => string.Create(CultureInfo.InvariantCulture, $"w{this.random.Next(100_000)}");

    private FuzzCaller Caller(FuzzCaller usual) => this.random.Next(20) switch
    {
        0 => FuzzCaller.None,
        1 => FuzzCaller.WrongKey,
        _ => usual,
    };

    private bool Chance(double p) => this.random.NextDouble() < p;

    private T Pick<T>(T[] items) => items[this.random.Next(items.Length)];
}

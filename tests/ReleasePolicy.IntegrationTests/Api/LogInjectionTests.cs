using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReleasePolicy.IntegrationTests.Infrastructure;
using ReleasePolicy.Policy;

namespace ReleasePolicy.IntegrationTests.Api;

/// <summary>Request text reaches logs only as structured values: no CR or LF sent by a client ever starts a log line.</summary>
public sealed class LogInjectionTests
{
    private const string Marker = "FORGED-LOG-LINE";

    [Fact]
    public async Task HostileInput_NeverPutsItsLineBreaksIntoALogMessage()
    {
        var logs = new CapturedLogs();
        await using InProcessHost host = await InProcessHost.StartAsync(configure: builder =>
        {
            // As verbose as an operator could configure it, framework categories included.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Debug",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
        });

        string crlf = $"\\r\\n{Marker}\\n{Marker}\\r{Marker}";
        string[] bodies =
        [
            $$"""{"service":"payments-api{{crlf}}","version":"1{{crlf}}","environment":"production{{crlf}}","type":"patch{{crlf}}","requestedBy":"alice{{crlf}}","changeSummary":"x{{crlf}}","idempotencyKey":"k{{crlf}}"}""",
            """{"service":"payments-api","version":"1.0.0","environment":"production","type":"patch","requestedBy":"alice","changeSummary":"x","evidence":{"x""" + crlf + "\":1,\"runbook\":{\"url\":5}}}",
            $$"""{"{{crlf}}":1,"{{crlf}}":2}""",
            $$"""{"service":"\ud800{{crlf}}"}""",
            $$"""{"service":{{crlf}}""",
            // Accepted (a change summary may hold line feeds): the release runs, and whatever it logs must be clean too.
            $$"""{"service":"payments-api","version":"9.9.9","environment":"production","type":"patch","requestedBy":"alice","changeSummary":"two\n{{Marker}} lines"}""",
        ];
        foreach (string body in bodies)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using HttpResponseMessage response = await host.Api.Http.SendAsync(request.AsPipeline(host.Settings));
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {body}");
        }

        string policy = SamplePolicy.Text.Replace("version: \"2026.11.1\"", $"version: \"{crlf}\"", StringComparison.Ordinal);
        using (var publish = new HttpRequestMessage(HttpMethod.Put, "/api/policy") { Content = new StringContent(policy, Encoding.UTF8, "application/yaml") })
        {
            using HttpResponseMessage response = await host.Api.Http.SendAsync(publish.AsAdmin(host.Settings));
            Assert.Equal(400, (int)response.StatusCode);
        }

        string encoded = Uri.EscapeDataString($"\r\n{Marker}");
        foreach (string path in new[] { $"/api/releases/{encoded}", $"/api/releases/{encoded}/submission", $"/api/releases?service={encoded}&status={encoded}", $"/api/policy/versions/{encoded}", $"/api/{encoded}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            using HttpResponseMessage response = await host.Api.Http.SendAsync(request.AsPipeline(host.Settings));
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {path}");
        }

        // Verbose framework logging really was on (without the local host's pinned categories, this test fails on
        // ASP.NET Core's "Request starting" line, which formats the decoded path).
        Assert.Contains(logs.Entries, e => e.StartsWith("Debug Microsoft.AspNetCore.", StringComparison.Ordinal));
        string[] forged = logs.Entries.Where(e => e.Contains("\n" + Marker, StringComparison.Ordinal) || e.Contains("\r" + Marker, StringComparison.Ordinal)).ToArray();
        Assert.True(forged.Length == 0, "Log messages carry a client's line break:\n" + string.Join("\n---\n", forged));
    }
}

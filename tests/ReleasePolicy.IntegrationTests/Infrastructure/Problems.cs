using System.Net;
using System.Text.Json;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>The one check that an answer is the RFC 7807 problem it should be.</summary>
internal static class Problems
{
    /// <summary>Asserts the status, the problem+json media type, a matching <c>status</c> and a title; returns the document.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}

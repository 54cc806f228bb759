using System.Net;
using System.Text.Json;
using ReleasePolicy.IntegrationTests.Infrastructure;

namespace ReleasePolicy.IntegrationTests.Approvals.Security;

/// <summary>What every refused answer must look like to a client: the status, problem+json, and one error naming the field and the reason code.</summary>
internal static class Refusals
{
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string field, string code)
    {
        JsonElement problem = await Problems.AssertProblemAsync(response, status);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        JsonElement error = Assert.Single(problem.GetProperty("errors").EnumerateArray().ToArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(code, error.GetProperty("reason").GetString());
        return problem;
    }
}

using ReleasePolicy.Policy;
using ReleasePolicy.Releases;

namespace ReleasePolicy.Core.Tests.Releases;

public sealed class ReleaseFingerprintTests
{
    [Fact]
    public void Fingerprint_EvidenceReserialized_IsTheSame()
    {
        string sent = """{"testCoverage":0.80,"peerReview":{"reviewers":["grace"],"approvals":1}}""";
        string resent = """
            {
              "peerReview": { "approvals": 1, "reviewers": [ "grace" ] },
              "testCoverage": 8e-1
            }
            """;

        Assert.Equal(ReleaseIdentity.Fingerprint(Request(sent)), ReleaseIdentity.Fingerprint(Request(resent)));
    }

    [Fact]
    public void Fingerprint_EvidenceValueChanged_Differs()
    {
        Assert.NotEqual(
            ReleaseIdentity.Fingerprint(Request("""{"testCoverage":0.80}""")),
            ReleaseIdentity.Fingerprint(Request("""{"testCoverage":0.81}""")));
    }

    [Fact]
    public void Fingerprint_OtherField_Differs()
    {
        Assert.NotEqual(
            ReleaseIdentity.Fingerprint(Request(null)),
            ReleaseIdentity.Fingerprint(Request(null) with { ChangeSummary = "Something else" }));
    }

    [Fact]
    public void UsesDefaultKey_ImplicitAndExplicitKeys_AreToldApart()
    {
        ReleaseRequest request = Request(null);

        Assert.True(ReleaseIdentity.UsesDefaultKey(request with { IdempotencyKey = "payments-api:1.4.2:production" }));
        Assert.False(ReleaseIdentity.UsesDefaultKey(request with { IdempotencyKey = "build-7" }));
    }

    private static ReleaseRequest Request(string? evidence) =>
        new("payments-api", "1.4.2", "production", ReleaseType.Patch, "alice", "Fix rounding", "build-7", evidence);
}

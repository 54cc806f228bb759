using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>One evidence record as its blob is named: <c>{sequence:D6}-{kind}.json</c>.</summary>
internal sealed record EvidenceBlob(int Sequence, string Kind);

/// <summary>A release's evidence records, listed straight from the evidence container (not through our API).</summary>
internal static partial class EvidenceBlobs
{
    public static async Task<(EvidenceBlob[] Records, string[] Others)> ListAsync(BlobContainerClient container, string service, string releaseId)
    {
        var records = new List<EvidenceBlob>();
        var others = new List<string>();
        string prefix = $"releases/{service}/{releaseId}/";
        await foreach (BlobItem item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            string name = item.Name[prefix.Length..];
            Match match = RecordName().Match(name);
            if (match.Success)
            {
                records.Add(new EvidenceBlob(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value));
            }
            else
            {
                others.Add(name);
            }
        }

        return ([.. records.OrderBy(r => r.Sequence)], [.. others.Order(StringComparer.Ordinal)]);
    }

    [GeneratedRegex("^([0-9]{6})-([a-z][a-z-]*)\\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex RecordName();
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReleasePolicy.Evidence;
using ReleasePolicy.Testing;

namespace ReleasePolicy.Core.Tests.Evidence;

public sealed class EvidenceRecordWriterTests
{
    [Fact]
    public void Write_SameEntryTwice_GivesTheSameBytes()
    {
        EvidenceEntry entry = SampleEvidence.Entry("rel-1", 2, "readiness");

        Assert.Equal(EvidenceRecordWriter.Write(entry, new string('b', 64)), EvidenceRecordWriter.Write(entry, new string('b', 64)));
    }

    [Fact]
    public void Write_Record_HasTheHeaderInFixedOrderBeforeData()
    {
        byte[] bytes = EvidenceRecordWriter.Write(SampleEvidence.Entry("rel-1", 1, "submission"), null);

        using JsonDocument document = JsonDocument.Parse(bytes);
        string[] names = document.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["schema", "releaseId", "service", "sequence", "kind", "recordedAt", "actor", "policy", "previousHash", "data"], names);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("previousHash").ValueKind);
        Assert.Equal("2026-11-02T09:01:00.0000000Z", document.RootElement.GetProperty("recordedAt").GetString());
        Assert.Equal("alice@example.com", document.RootElement.GetProperty("actor").GetProperty("onBehalfOf").GetString());
        Assert.DoesNotContain((byte)'\r', bytes);
    }

    [Fact]
    public void Write_RawJsonData_IsEmbeddedVerbatim()
    {
        byte[] body = Encoding.UTF8.GetBytes("{\"b\":1,  \"a\":[true,null]}");
        EvidenceEntry entry = SampleEvidence.Entry("rel-1", 1, "submission") with { Data = EvidenceData.FromRawJson(body) };

        string text = Encoding.UTF8.GetString(EvidenceRecordWriter.Write(entry, null));

        Assert.Contains("\"data\": {\"b\":1,  \"a\":[true,null]}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RawDataThatIsNotJson_Throws()
    {
        EvidenceEntry entry = SampleEvidence.Entry("rel-1", 1, "submission") with { Data = EvidenceData.FromRawJson("{not json"u8.ToArray()) };

        Assert.ThrowsAny<JsonException>(() => EvidenceRecordWriter.Write(entry, null));
    }

    [Fact]
    public void Write_LaterRecordWithoutPreviousHash_Throws()
    {
        Assert.Throws<ArgumentException>(() => EvidenceRecordWriter.Write(SampleEvidence.Entry("rel-1", 2, "readiness"), null));
    }

    [Fact]
    public void Hash_IsLowerCaseHexSha256OfTheExactBytes()
    {
        byte[] bytes = EvidenceRecordWriter.Write(SampleEvidence.Entry("rel-1", 1, "submission"), null);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), EvidenceHash.Of(bytes));
    }

    [Theory]
    [InlineData("000012-approval-granted.json", 12, "approval-granted")]
    [InlineData("000001-submission.json", 1, "submission")]
    public void TryParseFileName_RecordName_GivesSequenceAndKind(string name, int sequence, string kind)
    {
        Assert.True(EvidenceLayout.TryParseFileName(name, out int parsedSequence, out string parsedKind));
        Assert.Equal((sequence, kind), (parsedSequence, parsedKind));
        Assert.Equal(name, EvidenceLayout.FileName(sequence, kind));
    }

    [Theory]
    [InlineData("manifest.json")]
    [InlineData("000000-submission.json")]
    [InlineData("00001-submission.json")]
    [InlineData("000001-Sub mission.json")]
    [InlineData("000001-submission.txt")]
    public void TryParseFileName_OtherNames_AreNotRecords(string name)
    {
        Assert.False(EvidenceLayout.TryParseFileName(name, out _, out _));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public void RecordName_ReleaseIdThatIsNotOneSegment_Throws(string releaseId)
    {
        Assert.Throws<ArgumentException>(() => EvidenceLayout.RecordName("svc", releaseId, 1, "submission"));
    }
}

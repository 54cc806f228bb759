namespace ReleasePolicy.Evidence;

/// <summary>A record as stored: its blob name, sequence and kind (from the name), exact bytes and their SHA-256.</summary>
public sealed record StoredRecord(string BlobName, int Sequence, string Kind, ReadOnlyMemory<byte> Content, string Sha256);

using System.Security.Cryptography;

namespace ReleasePolicy.Evidence;

/// <summary>The hash of a record, manifest or ledger: lower-case hex SHA-256 of the exact bytes, as <c>sha256sum</c> prints it.</summary>
public static class EvidenceHash
{
    public static string Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest);
    }
}

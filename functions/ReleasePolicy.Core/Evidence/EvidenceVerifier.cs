namespace ReleasePolicy.Evidence;

/// <summary>
/// Verifies evidence from its bytes alone (a download, an export, a container copy) against keys the caller trusts:
/// no storage, no service. Names the first broken blob.
/// </summary>
public static class EvidenceVerifier
{
    /// <summary>
    /// One release: hashes, sequences 1..n without gaps, each <c>previousHash</c>, the manifest (exactly these
    /// records, these hashes, this head) and its signature, then the legal-hold chain.
    /// </summary>
    /// <param name="files">Blob name (container-relative, <c>/</c>-separated) → exact bytes; files of other releases are ignored.</param>
    public static VerificationResult VerifyRelease(
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, string service, string releaseId, EvidenceKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(keys);
        string prefix = EvidenceLayout.ReleasePrefix(service, releaseId);
        string subject = prefix.TrimEnd('/');
        var records = new SortedDictionary<int, (string Name, string Kind)>();
        var holds = new SortedDictionary<int, (string Name, string Kind)>();
        string manifestName = prefix + EvidenceLayout.ManifestFile;
        string signatureName = prefix + EvidenceLayout.ManifestSignatureFile;

        foreach (string name in files.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            string rest = name[prefix.Length..];
            if (rest is EvidenceLayout.ManifestFile or EvidenceLayout.ManifestSignatureFile)
            {
                continue;
            }

            bool isHold = rest.StartsWith(EvidenceLayout.HoldsFolder, StringComparison.Ordinal);
            string fileName = isHold ? rest[EvidenceLayout.HoldsFolder.Length..] : rest;
            if (!EvidenceLayout.TryParseFileName(fileName, out int sequence, out string kind))
            {
                return VerificationResult.Broken(subject, name, null, "unexpected blob in the release's evidence");
            }

            var chain = isHold ? holds : records;
            if (!chain.TryAdd(sequence, (name, kind)))
            {
                return VerificationResult.Broken(subject, name, sequence, $"two blobs claim sequence {sequence} ({chain[sequence].Name})");
            }
        }

        if (records.Count == 0)
        {
            return VerificationResult.Broken(subject, prefix, null, "no evidence records for this release");
        }

        // The manifest's signature and parse run beside the record hashing below: together they keep both cores busy.
        Task<(EvidenceManifest? Manifest, string? Problem)> manifestCheck = Task.Run(() => CheckManifest(files, manifestName, signatureName, service, releaseId, keys));

        // Hashing and header checks are independent per record: both cores work on them, then one ordered pass reports
        // the first problem, so the answer is the same as a sequential check's.
        (int Sequence, string Name, string Kind)[] ordered = records.Select(r => (r.Key, r.Value.Name, r.Value.Kind)).ToArray();
        string[] hashes = new string[ordered.Length];
        ParallelFor(ordered.Length, i => hashes[i] = EvidenceHash.Of(files[ordered[i].Name].Span));
        string?[] headerProblems = new string?[ordered.Length];
        ParallelFor(ordered.Length, i => headerProblems[i] = RecordHeaderCheck.Check(
            files[ordered[i].Name].Span, service, releaseId, ordered[i].Sequence, ordered[i].Kind, i == 0 ? null : hashes[i - 1]));

        (EvidenceManifest? manifest, string? manifestProblem) = manifestCheck.GetAwaiter().GetResult();
        if (manifestProblem is not null)
        {
            return VerificationResult.Broken(subject, manifestName, null, manifestProblem);
        }

        string? previousHash = null;
        int expected = 1;
        int position = 0;
        foreach ((int sequence, (string name, string kind)) in records)
        {
            if (sequence != expected)
            {
                string missing = manifest is not null && expected - 1 < manifest.Records.Count ? manifest.Records[expected - 1].Blob : $"sequence {expected}";
                return VerificationResult.Broken(subject, missing, expected, $"record {expected} is missing (gap before {name})", expected - 1);
            }

            string hash = hashes[position];
            if (manifest is not null)
            {
                if (sequence > manifest.Records.Count)
                {
                    return VerificationResult.Broken(subject, name, sequence, "record is not listed in the sealed manifest (inserted after sealing)", sequence - 1);
                }

                ManifestEntry listed = manifest.Records[sequence - 1];
                if (listed.Sequence != sequence || listed.Blob != name || listed.Kind != kind)
                {
                    return VerificationResult.Broken(subject, name, sequence, $"the manifest lists {listed.Blob} at this position", sequence - 1);
                }

                if (listed.Sha256 != hash)
                {
                    return VerificationResult.Broken(subject, name, sequence, $"sha256 {hash} differs from the manifest's {listed.Sha256} (content altered)", sequence - 1);
                }
            }

            string? problem = headerProblems[position];
            if (problem is not null)
            {
                return VerificationResult.Broken(subject, name, sequence, problem, sequence - 1);
            }

            previousHash = hash;
            expected++;
            position++;
        }

        int count = expected - 1;
        if (manifest is not null)
        {
            if (manifest.Records.Count > count)
            {
                ManifestEntry gone = manifest.Records[count];
                return VerificationResult.Broken(subject, gone.Blob, gone.Sequence, "listed in the manifest but missing (deleted)", count);
            }

            if (manifest.Head != previousHash)
            {
                return VerificationResult.Broken(subject, manifestName, null, $"manifest head {manifest.Head} is not the last record's sha256 {previousHash}", count);
            }
        }

        VerificationResult? holdProblem = VerifyHolds(subject, files, holds, service, releaseId);
        return holdProblem ?? new VerificationResult(subject, true, null, null, null, count, previousHash, manifest is not null);
    }

    /// <summary>The manifest and its signature: the parsed manifest, or why it cannot be trusted (no manifest yet is fine).</summary>
    private static (EvidenceManifest? Manifest, string? Problem) CheckManifest(
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, string manifestName, string signatureName, string service, string releaseId, EvidenceKeySet keys)
    {
        if (!files.TryGetValue(manifestName, out ReadOnlyMemory<byte> manifestBytes))
        {
            return (null, files.ContainsKey(signatureName) ? "manifest.sig exists but manifest.json is missing" : null);
        }

        string? signatureProblem = CheckSigned(manifestBytes.Span, files, signatureName, keys, out string? kid);
        if (signatureProblem is not null)
        {
            return (null, signatureProblem);
        }

        EvidenceManifest manifest;
        try
        {
            manifest = EvidenceManifest.Parse(manifestBytes.Span);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }

        return manifest.ReleaseId != releaseId || manifest.Service != service || manifest.Kid != kid
            ? (null, "the manifest names another release, service or key")
            : (manifest, null);
    }

    /// <summary>Small releases stay on one thread: below a few dozen records, starting workers costs more than it saves.</summary>
    private static void ParallelFor(int count, Action<int> body)
    {
        if (count < 64)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, count, body);
    }

    /// <summary>
    /// A whole container copy: every release found under <c>releases/</c>, then the ledger chain — each day signed,
    /// linked to the day before without holes, and every release it names present with the same manifest.
    /// </summary>
    public static ContainerVerification VerifyContainer(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, EvidenceKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(files);
        var releases = files.Keys
            .Where(n => n.StartsWith(EvidenceLayout.ReleasesRoot, StringComparison.Ordinal))
            .Select(n => n.Split('/'))
            .Where(parts => parts.Length >= 4)
            .Select(parts => (Service: parts[1], ReleaseId: parts[2]))
            .Distinct()
            .OrderBy(r => r.Service, StringComparer.Ordinal)
            .ThenBy(r => r.ReleaseId, StringComparer.Ordinal)
            .Select(r => VerifyRelease(files, r.Service, r.ReleaseId, keys))
            .ToList();
        return new ContainerVerification(releases, LedgerVerifier.Verify(files, keys));
    }

    /// <summary>Null when <paramref name="signatureName"/> holds a valid signature over the bytes by a trusted key named in them.</summary>
    internal static string? CheckSigned(
        ReadOnlySpan<byte> signed, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, string signatureName, EvidenceKeySet keys, out string? kid)
    {
        kid = SignedKid.Read(signed);
        if (kid is null)
        {
            return "no kid: cannot tell which key signed it";
        }

        if (!files.TryGetValue(signatureName, out ReadOnlyMemory<byte> signature))
        {
            return $"{signatureName} is missing";
        }

        EvidencePublicKey? key = keys.Find(kid);
        if (key is null)
        {
            return $"signed with key {kid}, which is not a trusted key (re-signed?)";
        }

        return key.Verify(signed, signature.Span) ? null : $"signature does not verify with trusted key {kid} (altered or re-signed)";
    }

    private static VerificationResult? VerifyHolds(
        string subject, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, SortedDictionary<int, (string Name, string Kind)> holds, string service, string releaseId)
    {
        string? previousHash = null;
        int expected = 1;
        foreach ((int sequence, (string name, string kind)) in holds)
        {
            if (sequence != expected)
            {
                return VerificationResult.Broken(subject, name, expected, $"legal-hold record {expected} is missing (gap)");
            }

            ReadOnlySpan<byte> bytes = files[name].Span;
            string? problem = RecordHeaderCheck.Check(bytes, service, releaseId, sequence, kind, previousHash);
            if (problem is not null)
            {
                return VerificationResult.Broken(subject, name, sequence, "legal-hold chain: " + problem);
            }

            previousHash = EvidenceHash.Of(bytes);
            expected++;
        }

        return null;
    }
}

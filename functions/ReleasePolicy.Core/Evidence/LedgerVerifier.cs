namespace ReleasePolicy.Evidence;

/// <summary>
/// The daily ledger chain in a container copy: each day signed, chained to the day before with no missing day, and
/// every release it names still present with the manifest it names (so a deleted release shows).
/// </summary>
public static class LedgerVerifier
{
    public const string Subject = "ledger";

    public static VerificationResult Verify(IReadOnlyDictionary<string, ReadOnlyMemory<byte>> files, EvidenceKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(keys);
        var days = files.Keys
            .Where(n => n.StartsWith(EvidenceLayout.LedgerRoot, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        LedgerLink? previous = null;
        int releases = 0;
        foreach (string name in days)
        {
            string signatureName = name[..^".json".Length] + ".sig";
            ReadOnlySpan<byte> bytes = files[name].Span;
            string? problem = EvidenceVerifier.CheckSigned(bytes, files, signatureName, keys, out _);
            if (problem is not null)
            {
                return VerificationResult.Broken(Subject, name, null, problem);
            }

            EvidenceLedger ledger;
            try
            {
                ledger = EvidenceLedger.Parse(bytes);
            }
            catch (FormatException ex)
            {
                return VerificationResult.Broken(Subject, name, null, ex.Message);
            }

            if (EvidenceLayout.LedgerName(ledger.Date) != name)
            {
                return VerificationResult.Broken(Subject, name, null, $"the ledger says it is for {EvidenceLedger.FormatDate(ledger.Date)}");
            }

            if (previous is not null && ledger.Date != previous.Date.AddDays(1))
            {
                return VerificationResult.Broken(Subject, name, null, $"the ledger for {EvidenceLedger.FormatDate(previous.Date.AddDays(1))} is missing");
            }

            if (ledger.PreviousLedger != previous)
            {
                return VerificationResult.Broken(Subject, name, null, previous is null
                    ? "it links to an earlier ledger that is not in the copy"
                    : $"previousLedger does not name {EvidenceLedger.FormatDate(previous.Date)} with sha256 {previous.Sha256}");
            }

            foreach (LedgerEntry release in ledger.Releases)
            {
                string manifestName = EvidenceLayout.ManifestName(release.Service, release.ReleaseId);
                if (!files.TryGetValue(manifestName, out ReadOnlyMemory<byte> manifest))
                {
                    return VerificationResult.Broken(Subject, manifestName, null, $"release {release.ReleaseId} is named in {name} but its evidence is missing (deleted)");
                }

                if (EvidenceHash.Of(manifest.Span) != release.Manifest)
                {
                    return VerificationResult.Broken(Subject, manifestName, null, $"the manifest differs from the one {name} names");
                }

                releases++;
            }

            previous = new LedgerLink(ledger.Date, EvidenceHash.Of(bytes));
        }

        return new VerificationResult(Subject, true, null, null, null, releases, previous?.Sha256, days.Count > 0);
    }
}

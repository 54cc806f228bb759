namespace ReleasePolicy.Evidence;

/// <summary>
/// The <c>VERIFY.md</c> of an export: by-hand checks with <c>sha256sum</c>, <c>jq</c> and <c>openssl</c>. Each
/// <c>```bash</c> block runs as written from the unzipped folder (a test runs them) and prints OK or BROKEN.
/// </summary>
internal static class VerifyInstructions
{
    public static string For(string service, string releaseId)
    {
        string folder = EvidenceLayout.ReleasePrefix(service, releaseId).TrimEnd('/');
        return $$"""
            # Verifying the evidence of release {{releaseId}} ({{service}})

            Everything here can be checked without trusting the service that produced it. Run the commands from the
            folder this zip was extracted into; you need `sha256sum`, `jq` and `openssl`.

            Layout: `{{folder}}/` holds one JSON file per record (`000001-submission.json`, ...), numbered from 1 without
            gaps, `manifest.json` (every record with its SHA-256, and `head` = the last record's SHA-256) and
            `manifest.sig` (ECDSA P-256 / SHA-256, DER). Legal holds, if any, are a separate chain under `holds/`.
            `public-key.pem` and `jwks.json` are the publisher's verification keys: compare them with the keys
            published at `GET /api/audit/signing-keys` (or obtained from the publisher another way) before trusting them.

            ## 1. Each record's SHA-256 matches the manifest, and no record is missing or extra

            ```bash
            ( cd '{{folder}}' && jq -r '.records[] | "\(.sha256)  \(.blob | split("/") | last)"' manifest.json | sha256sum --check --strict \
              && test "$(ls [0-9]*.json | wc -l)" = "$(jq '.records | length' manifest.json)" && echo "records OK" || echo "records BROKEN" )
            ```

            ## 2. Each record names the SHA-256 of the record before it, and the manifest's head is the last one

            ```bash
            ( cd '{{folder}}' && prev=null && for f in $(jq -r '.records[].blob | split("/") | last' manifest.json); do
                test "$(jq -r .previousHash "$f")" = "$prev" || { echo "chain BROKEN at $f"; exit 1; }
                prev=$(sha256sum "$f" | cut -d' ' -f1)
              done && test "$(jq -r .head manifest.json)" = "$prev" && echo "chain OK" || echo "chain BROKEN" )
            ```

            ## 3. The manifest is signed by the publisher's key

            ```bash
            openssl dgst -sha256 -verify public-key.pem -signature '{{folder}}/manifest.sig' '{{folder}}/manifest.json'
            ```

            `Verified OK` means the manifest (and so every record hash and the head) is exactly what the key holder
            sealed. If `public-key.pem` holds several keys (after a rotation), split it and try the one whose JWK
            thumbprint is the manifest's `kid` (`jq -r .kid '{{folder}}/manifest.json'`; `jwks.json` lists each key's `kid`).

            ## Or with the offline verifier

            ```
            dotnet run --project functions/ReleasePolicy.Verify -- this-export.zip --key public-key-you-trust.pem
            ```

            """;
    }
}

using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ReleasePolicy.Policy.Store;

/// <summary>
/// Proposed policy versions as create-only blobs <c>policies/proposals/{version}.yaml</c>, beside (never among) the
/// published <c>policies/v…</c> blobs, so a proposal can never be mistaken for the active policy. One proposal per
/// version: proposing the same text again is a no-op, other text under the same version is a conflict.
/// </summary>
public sealed class BlobPolicyProposals
{
    public const string Folder = BlobPolicyStore.Folder + "proposals/";
    private readonly BlobContainerClient container;
    private readonly TimeProvider time;
    private readonly Lazy<Task> created;

    public BlobPolicyProposals(BlobContainerClient container, TimeProvider time)
    {
        this.container = container;
        this.time = time;
        this.created = new Lazy<Task>(() => this.container.CreateIfNotExistsAsync());
    }

    public async Task<ProposalOutcome> ProposeAsync(string text, string version, string proposedBy, PolicyReference basedOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(basedOn);
        await this.created.Value.ConfigureAwait(false);
        string hash = PolicyHash.Compute(text);
        var proposal = new PolicyProposal(version, hash, this.time.GetUtcNow(), proposedBy, basedOn, text);
        try
        {
            await this.container.GetBlobClient(BlobName(version)).UploadAsync(
                BinaryData.FromString(text),
                new BlobUploadOptions
                {
                    Metadata = Metadata(proposal),
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/yaml" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken).ConfigureAwait(false);
            return new ProposalOutcome(ProposalOutcomeKind.Proposed, proposal);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            PolicyProposal existing = await this.GetAsync(version, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Proposal {version} exists but cannot be read.", ex);
            return existing.Hash == hash
                ? new ProposalOutcome(ProposalOutcomeKind.AlreadyProposed, existing)
                : new ProposalOutcome(ProposalOutcomeKind.VersionConflict, existing, $"Version '{version}' was already proposed with other content; give the new policy a new version.");
        }
    }

    public async Task<PolicyProposal?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        await this.created.Value.ConfigureAwait(false);
        try
        {
            BlobDownloadResult download = await this.container.GetBlobClient(BlobName(version)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            IDictionary<string, string> m = download.Details.Metadata;
            string text = download.Content.ToString();
            return new PolicyProposal(
                version,
                m.TryGetValue("hash", out string? hash) ? hash : PolicyHash.Compute(text),
                m.TryGetValue("proposedat", out string? at) ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : default,
                m.TryGetValue("proposedby", out string? by) ? Uri.UnescapeDataString(by) : string.Empty,
                new PolicyReference(
                    m.TryGetValue("basesequence", out string? sequence) ? int.Parse(sequence, CultureInfo.InvariantCulture) : 0,
                    m.TryGetValue("baseversion", out string? baseVersion) ? Uri.UnescapeDataString(baseVersion) : string.Empty,
                    m.TryGetValue("basehash", out string? baseHash) ? baseHash : string.Empty),
                text);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Metadata(PolicyProposal proposal) => new(StringComparer.Ordinal)
    {
        ["version"] = Uri.EscapeDataString(proposal.Version),
        ["hash"] = proposal.Hash,
        ["proposedat"] = proposal.ProposedAt.ToString("O", CultureInfo.InvariantCulture),
        ["proposedby"] = Uri.EscapeDataString(proposal.ProposedBy),
        ["basesequence"] = proposal.Base.Sequence.ToString(CultureInfo.InvariantCulture),
        ["baseversion"] = Uri.EscapeDataString(proposal.Base.Version),
        ["basehash"] = proposal.Base.Hash,
    };

    // The version passed the parser's identifier rules (no slash, no control characters), so it is one path segment.
    private static string BlobName(string version) => Folder + version + ".yaml";
}

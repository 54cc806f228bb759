using ReleasePolicy.Access;

namespace ReleasePolicy.Functions.Http;

/// <summary>
/// Every HTTP function's access, in one place, by function name. A function missing here is refused to everyone (and
/// a test fails), so a new route cannot ship open by accident.
/// </summary>
public static class RouteTable
{
    private static readonly RouteAccess ReadReleases = RouteAccess.Role(Roles.ReleaseSubmit, Roles.Operator, Roles.EvidenceRead);

    public static IReadOnlyDictionary<string, RouteAccess> Routes { get; } = new Dictionary<string, RouteAccess>(StringComparer.Ordinal)
    {
        // Releases: pipelines submit and follow; operators and auditors may look.
        ["SubmitRelease"] = RouteAccess.Role(Roles.ReleaseSubmit),
        ["GetRelease"] = ReadReleases,
        ["GetReleaseSubmission"] = ReadReleases,
        ["ListReleases"] = ReadReleases,

        // Policy: everyone who may call us may read the rules they are judged by; only the administrator publishes.
        ["GetPolicy"] = RouteAccess.Authenticated,
        ["ListPolicyVersions"] = RouteAccess.Authenticated,
        ["GetPolicyVersion"] = RouteAccess.Authenticated,
        ["GetPolicyControls"] = RouteAccess.Authenticated,
        ["PublishPolicy"] = RouteAccess.Role(Roles.PolicyPublish),
        ["GetPolicyProposal"] = RouteAccess.Authenticated,

        // Audit: read-only evidence for auditors (pipelines are refused); legal holds are the auditors' one write.
        ["ListAuditReleases"] = RouteAccess.Role(Roles.EvidenceRead),
        ["GetAuditRelease"] = RouteAccess.Role(Roles.EvidenceRead),
        ["VerifyAuditRelease"] = RouteAccess.Role(Roles.EvidenceRead),
        ["ExportAuditRelease"] = RouteAccess.Role(Roles.EvidenceRead),
        ["PlaceLegalHold"] = RouteAccess.Role(Roles.EvidenceRead),
        ["ClearLegalHold"] = RouteAccess.Role(Roles.EvidenceRead),
        ["GetLedger"] = RouteAccess.Role(Roles.EvidenceRead),
        ["VerifyLedger"] = RouteAccess.Role(Roles.EvidenceRead),

        // Approvers answer with the credential in the request: a signed single-use link, or Outlook's bearer token
        // (and in Azure the signed-in person must be the link's approver). Pending lists: anyone's for operators and
        // auditors, one's own for a signed-in person.
        ["GetApprovalPage"] = RouteAccess.TokenBearer,
        ["AnswerApproval"] = RouteAccess.TokenBearer,
        ["AnswerActionableMessage"] = RouteAccess.TokenBearer,
        ["ListPendingApprovals"] = RouteAccess.Authenticated,

        // The least-privilege review is for auditors and the policy administrator.
        ["GetAccessReview"] = RouteAccess.Role(Roles.EvidenceRead, Roles.PolicyPublish),

        // The dev outbox is opened in a browser without headers; it answers 404 unless the mail mode is DevOutbox,
        // which the app refuses in Azure.
        ["GetDevOutbox"] = RouteAccess.TokenBearer,
        ["GetDevOutboxMail"] = RouteAccess.TokenBearer,

        // The dev event outbox likewise: 404 unless the outbound event mode is DevOutbox, which the app refuses in Azure.
        ["GetDevEvents"] = RouteAccess.TokenBearer,

        // The release calendar: what is booked, open and frozen is for every known caller (pipelines choose slots with
        // it). The ICS feed is subscribed to by URL, so its key may come in `code`: the least privilege that still
        // serves both a pipeline's key and a dedicated feed key is "any authenticated caller" — a feed key needs no
        // role at all, so a feed key leaked from a calendar URL reads only what any caller reads and writes nothing
        // (docs/calendar-api.md advises such a key over a pipeline's). Ad-hoc freezes are the policy administrator's.
        ["GetCalendar"] = RouteAccess.Authenticated,
        ["GetCalendarFeed"] = RouteAccess.Feed(),
        ["GetCalendarSlots"] = RouteAccess.Authenticated,
        ["GetCalendarFreeze"] = RouteAccess.Authenticated,
        ["AddCalendarFreeze"] = RouteAccess.Role(Roles.PolicyPublish),

        // The Event Grid webhook: deliveries and the CloudEvents OPTIONS handshake carry the subscription's key in `code`
        // (Event Grid cannot set headers), so they take a signal key from the query; unmatched events are the operators'.
        ["ReceiveEvents"] = RouteAccess.Webhook(Roles.ReleaseSignal),
        ["EventsHandshake"] = RouteAccess.Webhook(Roles.ReleaseSignal),
        ["ListUnmatchedEvents"] = RouteAccess.Role(Roles.Operator),

        // Azure Monitor action groups post alerts with the key in `code`, like Event Grid. A release's signals: any known
        // caller may post; the function requires release.signal for pipeline signals and the rollback owner (a person)
        // for a manual rollback. Reading them is as reading the release.
        ["ReceiveAlert"] = RouteAccess.Webhook(Roles.ReleaseSignal),
        ["PostReleaseSignal"] = RouteAccess.Authenticated,
        ["ListReleaseSignals"] = ReadReleases,
        // Incidents are read like releases; an RCA is filed by a person who owns the service (checked by the function
        // against the active policy, so any authenticated caller passes the door and a non-owner gets a 403 saying who may).
        ["ListIncidents"] = ReadReleases,
        ["GetIncident"] = ReadReleases,
        ["FileRootCauseAnalysis"] = RouteAccess.Authenticated,

        // Public keys and what the deployment enforces: nothing secret, but still only for known callers.
        ["GetSigningKeys"] = RouteAccess.Authenticated,
        ["GetHealth"] = RouteAccess.Authenticated,
    };

    public static RouteAccess? For(string functionName) => Routes.GetValueOrDefault(functionName);
}

namespace ReleasePolicy.Approvals.Presentation;

/// <summary>Where an approval mail's actions go.</summary>
/// <param name="ApproverPage">The approver page with this approver's signed link token (works in any mail client).</param>
/// <param name="Actionable">Set when Outlook Actionable Messages are enabled: the card is embedded only then.</param>
public sealed record ApprovalMailLinks(Uri ApproverPage, ActionableMessageLink? Actionable = null);

/// <summary>What an Outlook Actionable Message card needs to post a decision back to us.</summary>
/// <param name="ActionUrl">Where Outlook posts the decision (with Microsoft's bearer token).</param>
/// <param name="Originator">The provider id registered in the Actionable Email Developer Dashboard.</param>
/// <param name="Token">The same single-use link token the approver page carries, posted in the body.</param>
public sealed record ActionableMessageLink(Uri ActionUrl, string Originator, string Token);

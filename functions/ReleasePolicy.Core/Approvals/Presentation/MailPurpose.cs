namespace ReleasePolicy.Approvals.Presentation;

/// <summary>Why an approval mail is sent; only the wording differs, the summary and actions are the same.</summary>
public enum MailPurpose
{
    Request,
    Reminder,
    Escalation,
}

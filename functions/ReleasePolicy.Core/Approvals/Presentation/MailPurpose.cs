namespace ReleasePolicy.Approvals.Presentation;

/// <summary>Why an approval mail is sent; only the wording differs, the summary and actions are the same.</summary>
public enum MailPurpose
{
    Request,
    Reminder,
    Escalation,
}

public static class MailPurposeKinds
{
    /// <summary>The <see cref="Notifications.OutgoingMail.Kind"/> for a mail of this purpose (listed by the dev outbox, recorded as evidence).</summary>
    public static string ToMailKind(this MailPurpose purpose) => purpose switch
    {
        MailPurpose.Reminder => "approval-reminder",
        MailPurpose.Escalation => "approval-escalation",
        _ => "approval-request",
    };
}

namespace ReleasePolicy.Approvals;

/// <summary>Settings under <c>ReleasePolicy:Approvals</c>.</summary>
public sealed class ApprovalOptions
{
    /// <summary>The table holding each tier's tally and each person's pending list.</summary>
    public string Table { get; set; } = "approvals";
}

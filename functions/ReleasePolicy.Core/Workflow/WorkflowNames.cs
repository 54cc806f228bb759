namespace ReleasePolicy.Workflow;

/// <summary>
/// The names under which orchestrators and activities are registered; the Functions adapters use the same
/// constants in their <c>[Function]</c> attributes, so a rename cannot split caller and callee.
/// </summary>
public static class WorkflowNames
{
    public const string ReleaseOrchestrator = "ReleaseOrchestrator";
    public const string ApprovalOrchestrator = "ApprovalOrchestrator";
    public const string PolicyChangeOrchestrator = "PolicyChangeOrchestrator";

    public const string RecordPolicyProposal = "RecordPolicyProposal";
    public const string OpenPolicyTier = "OpenPolicyTier";
    public const string RemindPolicyApprovers = "RemindPolicyApprovers";
    public const string EscalatePolicyTier = "EscalatePolicyTier";
    public const string CheckPolicyTier = "CheckPolicyTier";
    public const string ClosePolicyTier = "ClosePolicyTier";
    public const string FinishPolicyChange = "FinishPolicyChange";

    public const string EvaluateReadiness = "EvaluateReadiness";
    public const string PlanApproval = "PlanApproval";
    public const string OpenApprovalTier = "OpenApprovalTier";
    public const string RemindApprovers = "RemindApprovers";
    public const string EscalateApprovalTier = "EscalateApprovalTier";
    public const string CheckApprovalTier = "CheckApprovalTier";
    public const string CloseApprovalTier = "CloseApprovalTier";
    public const string FinishApproval = "FinishApproval";
    public const string BookDeploymentSlot = "BookDeploymentSlot";
    public const string CheckDependencies = "CheckDependencies";
    public const string CheckBeforeDeployment = "CheckBeforeDeployment";
    public const string ClearDeployment = "ClearDeployment";
    public const string CompleteDeployment = "CompleteDeployment";
    public const string JudgeDeployment = "JudgeDeployment";
    public const string RequestRollback = "RequestRollback";
    public const string RecordRtoMiss = "RecordRtoMiss";
    public const string FinishRollback = "FinishRollback";
    public const string CloseRelease = "CloseRelease";
    public const string RecordReleaseProgress = "RecordReleaseProgress";
}

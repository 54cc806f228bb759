namespace ReleasePolicy.IntegrationTests.EndToEnd.Crash;

/// <summary>The ways a release of the crash suite goes; the seeded plan gives every release one.</summary>
internal enum CrashPath
{
    /// <summary>A low-risk catalog-web patch to staging: approved by the policy's rule, never watched.</summary>
    AutoApproved,

    /// <summary>A payments-api minor to staging: the peer tier, two of grace, heidi and carol.</summary>
    ApprovedByQuorum,

    /// <summary>An orders-api patch whose test coverage fails the readiness gate.</summary>
    RejectedAtReadiness,

    /// <summary>An orders-api patch to staging that the release manager rejects.</summary>
    RejectedByApprover,

    /// <summary>A payments-api major to staging: the CAB tier, which nobody answers before its short timeout.</summary>
    ApprovalTimedOut,

    /// <summary>A patch to dev booked a little ahead; an ad-hoc freeze over its slot makes it reschedule.</summary>
    RescheduledByFreeze,

    /// <summary>An internal-docs patch to production (auto-approved, watched): healthy samples through the bake.</summary>
    DeployedHealthy,

    /// <summary>As <see cref="DeployedHealthy"/>, but two samples over the error-rate limit: rolled back.</summary>
    RolledBackOnErrorRate,

    /// <summary>As <see cref="DeployedHealthy"/>, but the pipeline sends no sample: rolled back for missing samples.</summary>
    RolledBackOnMissingSamples,
}

using System.Globalization;
using ReleasePolicy.Policy.Yaml;

namespace ReleasePolicy.Policy;

public static partial class PolicyParser
{
    private static readonly string[] ApprovalsKeys = ["policyChanges", "emergency"];
    private static readonly string[] EmergencyKeys = ["skipPreApprovalFor", "postFactoReview", "repeatWindow", "rootCauseAnalysisAfter"];

    /// <summary>
    /// The required <c>approvals</c> section: the chain that approves policy changes (required: a policy must say who
    /// may change it) and the optional emergency path.
    /// </summary>
    private static ApprovalsPolicy? ReadApprovals(YamlFieldReader reader, YMapping policy, DirectoryLookup? directory)
    {
        const string path = "approvals";
        var map = reader.StrictMapping(policy, path, string.Empty, required: true, ApprovalsKeys);
        if (map is null)
        {
            return null;
        }

        var policyChanges = ReadSection(
            reader, map, path, "policyChanges", ChainKeys, (r, m, p) => ReadChain(r, m, p, directory));
        var emergencyAbsent = reader.Field(map, "emergency", path, required: false) is null;
        var emergency = emergencyAbsent
            ? null
            : ReadSection(reader, map, path, "emergency", EmergencyKeys, (r, m, p) => ReadEmergency(r, m, p, directory));
        return policyChanges is null || (!emergencyAbsent && emergency is null)
            ? null
            : new ApprovalsPolicy(policyChanges, emergency);
    }

    private static EmergencyPolicy? ReadEmergency(YamlFieldReader reader, YMapping map, string path, DirectoryLookup? directory)
    {
        var skip = ReadNameList(reader, map, "skipPreApprovalFor", path, required: true, PersonOrGroupRule(directory));
        var review = ReadSection(reader, map, path, "postFactoReview", ChainKeys, (r, m, p) => ReadChain(r, m, p, directory));
        var window = ReadWholeDuration(reader, map, "repeatWindow", path, required: true);
        var rcaAfter = reader.Integer(map, "rootCauseAnalysisAfter", path, required: true);
        if (rcaAfter is < 1)
        {
            reader.FieldError(map, "rootCauseAnalysisAfter", path, string.Create(CultureInfo.InvariantCulture, $"must be at least 1 (found {rcaAfter})"));
            return null;
        }

        return skip is null || review is null || window is null || rcaAfter is null
            ? null
            : new EmergencyPolicy(skip, review, window.Value, rcaAfter.Value);
    }
}

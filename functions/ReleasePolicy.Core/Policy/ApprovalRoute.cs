using System.Text.Json.Serialization;

namespace ReleasePolicy.Policy;

/// <summary>Who must approve, from least to most oversight.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalRoute>))]
public enum ApprovalRoute
{
    AutoApprove,
    Delegated,
    Peer,
    Cab,
    CabPlusSenior,
}

public static class ApprovalRouteNames
{
    public static IReadOnlyList<string> All { get; } = ["autoApprove", "delegated", "peer", "cab", "cabPlusSenior"];

    public static string ToPolicyName(this ApprovalRoute route) => All[(int)route];

    public static bool TryParse(string? text, out ApprovalRoute route)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], text, StringComparison.OrdinalIgnoreCase))
            {
                route = (ApprovalRoute)i;
                return true;
            }
        }

        route = default;
        return false;
    }
}

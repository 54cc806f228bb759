using System.Text.Json.Serialization;

namespace ReleasePolicy.Risk;

/// <summary>Service criticality; tier-0 is the most critical (customer money, safety, regulatory exposure).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CriticalityTier>))]
public enum CriticalityTier
{
    Tier0 = 0,
    Tier1 = 1,
    Tier2 = 2,
    Tier3 = 3,
}

/// <summary>The spelling used in policy files ("tier-0") so messages match what authors wrote.</summary>
public static class CriticalityTierNames
{
    private static readonly string[] Names = ["tier-0", "tier-1", "tier-2", "tier-3"];

    public static string ToPolicyName(this CriticalityTier tier) =>
        (uint)tier < (uint)Names.Length ? Names[(int)tier] : tier.ToString();

    public static bool TryParse(string? text, out CriticalityTier tier)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.OrdinalIgnoreCase))
            {
                tier = (CriticalityTier)i;
                return true;
            }
        }

        tier = default;
        return false;
    }
}

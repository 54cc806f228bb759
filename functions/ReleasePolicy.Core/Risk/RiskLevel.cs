using System.Text.Json.Serialization;

namespace ReleasePolicy.Risk;

/// <summary>Risk levels in increasing order; the numeric order is relied on for monotonicity checks.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RiskLevel>))]
public enum RiskLevel
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}

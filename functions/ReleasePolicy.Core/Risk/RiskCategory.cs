using System.Text.Json.Serialization;

namespace ReleasePolicy.Risk;

[JsonConverter(typeof(JsonStringEnumConverter<RiskCategory>))]
public enum RiskCategory
{
    Impact,
    Complexity,
    RollbackFeasibility,
}

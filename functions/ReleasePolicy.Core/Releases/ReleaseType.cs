using System.Text.Json.Serialization;

namespace ReleasePolicy.Releases;

[JsonConverter(typeof(JsonStringEnumConverter<ReleaseType>))]
public enum ReleaseType
{
    Major,
    Minor,
    Patch,
    Emergency,
}

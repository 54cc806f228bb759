using System.Text.Json.Serialization;

namespace ReleasePolicy.Access;

/// <summary>What stands behind a principal: it decides which ownership rules apply to a submission.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallerKind>))]
public enum CallerKind
{
    /// <summary>An automated caller (a CI/CD pipeline, a webhook sender, a service principal).</summary>
    Pipeline,

    /// <summary>A person signed in through the platform, or a key issued to one named person.</summary>
    Person,
}

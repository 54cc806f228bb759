using System.Text;
using System.Text.Json;

namespace ReleasePolicy.Access;

/// <summary>
/// Reads the principal App Service authentication (Easy Auth) puts in <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON with
/// <c>auth_typ</c>, <c>name_typ</c>, <c>role_typ</c> and a <c>claims</c> array of <c>{typ, val}</c>. The platform strips
/// any copy a client sends, so the header is trustworthy only behind it (<see cref="AuthOptions.TrustPlatformPrincipal"/>).
/// </summary>
public static class PlatformPrincipal
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private const int MaxHeaderLength = 16 * 1024;
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static readonly string[] NameClaims = ["preferred_username", "name", "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];

    /// <summary>The caller, or null when the header is absent, malformed or names nobody.</summary>
    public static CallerPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(header.Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Encodes a principal the way the platform does (for tests and local tooling).</summary>
    public static string Encode(string authType, IEnumerable<(string Type, string Value)> claims, string nameType = "name", string roleType = "roles")
    {
        var document = new
        {
            auth_typ = authType,
            name_typ = nameType,
            role_typ = roleType,
            claims = claims.Select(c => new { typ = c.Type, val = c.Value }).ToArray(),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document)));
    }

    private static CallerPrincipal? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("claims", out JsonElement claims)
            || claims.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string authType = StringProperty(root, "auth_typ") ?? "unknown";
        string nameType = StringProperty(root, "name_typ") ?? "name";
        string roleType = StringProperty(root, "role_typ") ?? "roles";
        var values = new List<(string Type, string Value)>();
        foreach (JsonElement claim in claims.EnumerateArray())
        {
            if (claim.ValueKind == JsonValueKind.Object && StringProperty(claim, "typ") is { } type && StringProperty(claim, "val") is { } value)
            {
                values.Add((type, value));
            }
        }

        string? First(string type) => values.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase)).Value;

        var roles = values
            .Where(c => string.Equals(c.Type, roleType, StringComparison.OrdinalIgnoreCase) || string.Equals(c.Type, "roles", StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Value)
            .Where(Roles.All.Contains)
            .ToHashSet(StringComparer.Ordinal);

        // An application (client credentials) token has no user name: it is a pipeline, named by its client id.
        bool isApplication = string.Equals(First("idtyp"), "app", StringComparison.OrdinalIgnoreCase);
        string? personName = isApplication ? null : First(nameType) ?? NameClaims.Select(First).FirstOrDefault(n => n is not null);
        string? name = personName ?? First("azp") ?? First("appid") ?? First(ObjectIdClaim) ?? First("oid");
        if (string.IsNullOrWhiteSpace(name) || !IdentifierText.IsClean(name))
        {
            return null;
        }

        return new CallerPrincipal(
            name,
            personName is null ? CallerKind.Pipeline : CallerKind.Person,
            roles,
            "platform:" + authType,
            First(ObjectIdClaim) ?? First("oid"));
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

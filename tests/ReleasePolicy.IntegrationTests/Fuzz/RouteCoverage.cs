using System.Text.RegularExpressions;
using ReleasePolicy.Functions;
using ReleasePolicy.LocalHost.Functions;

namespace ReleasePolicy.IntegrationTests.Fuzz;

/// <summary>Which of the app's HTTP functions (route template and method) generated requests have reached so far.</summary>
internal sealed class RouteCoverage
{
    private readonly List<(string Method, string Template, Regex Path)> missing;

    private RouteCoverage(IEnumerable<(string Method, string Template)> routes)
    {
        this.missing = routes.Distinct().Select(r => (r.Method, r.Template, PathPattern(r.Template))).ToList();
    }

    /// <summary>"METHOD /api/template" of every route not reached yet.</summary>
    public IReadOnlyList<string> Missing => this.missing.Select(r => $"{r.Method} /api/{r.Template}").ToArray();

    /// <summary>Every HTTP function of the Functions app, as the local host finds them.</summary>
    public static RouteCoverage OfTheApp() => new(
        FunctionHostingPlan.For(typeof(ServiceRegistration).Assembly).Http
            .SelectMany(f => f.Http!.Methods!.Select(m => (m.ToUpperInvariant(), f.Http.Route!))));

    /// <returns>Whether <paramref name="request"/> reached a route not reached before.</returns>
    public bool Reached(FuzzRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string path = request.Path.Split('?', 2)[0];
        return this.missing.RemoveAll(r => r.Method == request.Method && r.Path.IsMatch(path)) > 0;
    }

    /// <summary>Literal segments match exactly; a <c>{parameter}</c> matches any one non-empty segment.</summary>
    private static Regex PathPattern(string template) => new(
        "^/api/" + string.Join("/", template.Split('/').Select(segment => segment.StartsWith('{') ? "[^/]+" : Regex.Escape(segment))) + "/?$",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));
}

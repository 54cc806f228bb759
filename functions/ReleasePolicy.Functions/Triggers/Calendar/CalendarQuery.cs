using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ReleasePolicy.Readiness;

namespace ReleasePolicy.Functions.Triggers.Calendar;

/// <summary>
/// Query parameters of the calendar routes: each may be given once; empty counts as absent. Other parameters (such as
/// <c>code</c>, or a calendar client's cache buster) are ignored.
/// </summary>
internal static class CalendarQuery
{
    public static string? Single(HttpRequest request, string name, List<FieldError> errors)
    {
        StringValues values = request.Query[name];
        if (values.Count > 1)
        {
            errors.Add(new FieldError(name, "Given more than once; give it at most once."));
            return null;
        }

        return values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }
}

using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ReleasePolicy.Calendar.Api;
using ReleasePolicy.Evidence;

namespace ReleasePolicy.Functions;

/// <summary>
/// What the calendar API needs beyond the calendar store: the evidence log of ad-hoc freezes, in the evidence container.
/// Needs a <see cref="BlobServiceClient"/> and the evidence options (registered by <see cref="ServiceRegistration"/>).
/// </summary>
public static class CalendarApiRegistration
{
    public static IServiceCollection AddCalendarApi(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new FreezeEvidenceLog(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.Container),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ReleasePolicy.Functions;
using ReleasePolicy.Functions.Http;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<AccessMiddleware>();
builder.UseMiddleware<KnownFailureMiddleware>();
builder.Services.AddReleasePolicy(builder.Configuration);
builder.Build().Run();

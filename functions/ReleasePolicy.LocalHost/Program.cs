using ReleasePolicy.LocalHost.Hosting;

await using LocalHostApp host = await LocalHostApp.StartAsync(args);
await host.App.WaitForShutdownAsync();

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ReleasePolicy.IntegrationTests.Infrastructure;

/// <summary>An <see cref="ILoggerProvider"/> that keeps every formatted message (and exception text) the host logs.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => this.entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this.entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception)}");
    }
}

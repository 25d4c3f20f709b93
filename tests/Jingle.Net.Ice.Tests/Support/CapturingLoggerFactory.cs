using Microsoft.Extensions.Logging;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>Collects formatted log lines (with their EventId) for assertions on the log shape.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    public List<(int EventId, string Message)> Lines { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Add((eventId.Id, formatter(state, exception)));
    }
}

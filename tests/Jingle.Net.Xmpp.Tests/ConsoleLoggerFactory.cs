using Microsoft.Extensions.Logging;

namespace Jingle.Net.Xmpp.Tests;

/// <summary>A minimal logger factory writing to stderr, for diagnosing interop runs (set XMPP_TEST_LOG=1).</summary>
internal sealed class ConsoleLoggerFactory : ILoggerFactory
{
    public static ILoggerFactory? FromEnvironment() =>
        Environment.GetEnvironmentVariable("XMPP_TEST_LOG") == "1" ? new ConsoleLoggerFactory() : null;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.Error.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)}");
    }
}

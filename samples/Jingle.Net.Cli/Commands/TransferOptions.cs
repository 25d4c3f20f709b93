namespace Jingle.Net.Cli.Commands;

/// <summary>
/// What <c>jingle peer</c> and <c>jingle pcclient</c> do on the data channel once it is open: send a file
/// (<see cref="Send"/>, optionally waiting for it to come back with <see cref="ExpectEcho"/>), echo what arrives
/// (<see cref="Echo"/>), or receive and discard it counting bytes (<see cref="Sink"/>, also the default when
/// nothing is sent). <see cref="Timeout"/> bounds the wait for the channel to open and for a send or its echo.
/// </summary>
internal sealed record TransferOptions(bool Echo, bool Sink, FileInfo? Send, bool ExpectEcho, TimeSpan Timeout)
{
    /// <summary>The message size of <c>--send</c> (64 KiB, what aiortc and Chromium accept).</summary>
    public const int MessageSize = 65536;

    /// <summary>Checks the combination; returns an error text or null.</summary>
    public string? Validate()
    {
        if (Echo && Sink)
        {
            return "--echo and --sink exclude each other";
        }

        if (ExpectEcho && Send is null)
        {
            return "--expect-echo needs --send FILE";
        }

        if (Send is not null && !Send.Exists)
        {
            return $"--send: no such file {Send.FullName}";
        }

        return null;
    }
}

namespace Jingle.Net.Cli.Commands;

/// <summary>A request <c>jingle pcserver</c> refuses, with the HTTP status to answer.</summary>
internal sealed class PcServerHttpException : Exception
{
    public PcServerHttpException()
    {
    }

    public PcServerHttpException(string message)
        : base(message)
    {
    }

    public PcServerHttpException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PcServerHttpException(int status, string message)
        : base(message) => Status = status;

    public int Status { get; } = 400;

    /// <summary>
    /// The request named a peer id that is not (or no longer) signed in: a race every client of this protocol can lose
    /// (a message or hanging get still in flight when a peer signs out), not a malformed request.
    /// </summary>
    public bool PeerGone { get; init; }
}

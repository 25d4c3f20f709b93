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
}

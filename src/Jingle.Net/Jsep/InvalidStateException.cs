namespace Jingle.Net.Jsep;

/// <summary>The W3C "InvalidStateError": the operation is not allowed in the current (signaling) state.</summary>
public sealed class InvalidStateException : InvalidOperationException
{
    public const string W3CName = "InvalidStateError";

    public InvalidStateException()
    {
    }

    public InvalidStateException(string message)
        : base(message)
    {
    }

    public InvalidStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>"InvalidStateError".</summary>
    public string ErrorName => W3CName;
}

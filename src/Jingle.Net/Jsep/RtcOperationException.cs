namespace Jingle.Net.Jsep;

/// <summary>The W3C "OperationError": the operation failed for a reason other than state, e.g. addIceCandidate with an unknown mid.</summary>
public sealed class RtcOperationException : InvalidOperationException
{
    public const string W3CName = "OperationError";

    public RtcOperationException()
    {
    }

    public RtcOperationException(string message)
        : base(message)
    {
    }

    public RtcOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>"OperationError".</summary>
    public string ErrorName => W3CName;
}

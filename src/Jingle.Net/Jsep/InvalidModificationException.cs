namespace Jingle.Net.Jsep;

/// <summary>
/// The W3C "InvalidModificationError": setLocalDescription was given SDP that differs from the last offer or answer
/// this peer created (SDP munging is not allowed, W3C webrtc-pc §4.4.1.5).
/// </summary>
public sealed class InvalidModificationException : InvalidOperationException
{
    public const string W3CName = "InvalidModificationError";

    public InvalidModificationException()
    {
    }

    public InvalidModificationException(string message)
        : base(message)
    {
    }

    public InvalidModificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>"InvalidModificationError".</summary>
    public string ErrorName => W3CName;
}

namespace Jingle.Net.Sdp;

/// <summary>
/// Malformed SDP (RFC 8866): the only exception <see cref="SessionDescription.Parse(string)"/> throws. It names the
/// 1-based line number and the offending line.
/// </summary>
public sealed class SdpParseException : FormatException
{
    public SdpParseException()
    {
        Line = string.Empty;
    }

    public SdpParseException(string message)
        : base(message)
    {
        Line = string.Empty;
    }

    public SdpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Line = string.Empty;
    }

    public SdpParseException(int lineNumber, string line, string reason)
        : base(FormattableString.Invariant($"SDP line {lineNumber}: {reason}: \"{Truncate(line)}\""))
    {
        LineNumber = lineNumber;
        Line = line;
        Reason = reason;
    }

    /// <summary>1-based line number of the malformed line, or 0 when the error concerns the whole description.</summary>
    public int LineNumber { get; }

    /// <summary>The malformed line, without its line ending.</summary>
    public string Line { get; }

    /// <summary>What is wrong with the line.</summary>
    public string? Reason { get; }

    private static string Truncate(string line) => line.Length <= 200 ? line : string.Concat(line.AsSpan(0, 200), "...");
}

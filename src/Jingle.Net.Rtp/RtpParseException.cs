namespace Jingle.Net.Rtp;

/// <summary>The bytes are not a well-formed RTP or RTCP packet. The only exception the parsers throw.</summary>
public sealed class RtpParseException : FormatException
{
    public RtpParseException()
    {
    }

    public RtpParseException(string message)
        : base(message)
    {
    }

    public RtpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

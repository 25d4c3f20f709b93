namespace Jingle.Net.Rtp.Srtp;

/// <summary>An SRTP operation failed; <see cref="Status"/> says why.</summary>
public sealed class SrtpException : Exception
{
    public SrtpException()
        : this(SrtpStatus.Malformed)
    {
    }

    public SrtpException(string message)
        : base(message)
    {
    }

    public SrtpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SrtpException(SrtpStatus status)
        : base($"SRTP operation failed: {status}.")
    {
        Status = status;
    }

    public SrtpStatus Status { get; }
}

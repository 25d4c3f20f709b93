namespace Jingle.Net.Stun;

/// <summary>Why a buffer is not a valid STUN message.</summary>
public enum StunParseError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Shorter than the 20-byte header, or than the length the header announces.</summary>
    Truncated,

    /// <summary>The first two bits are not zero: not a STUN message (RTP, DTLS, ChannelData...).</summary>
    NotStun,

    /// <summary>The length field is not a multiple of 4.</summary>
    BadLength,

    /// <summary>More bytes follow the message than the length field covers.</summary>
    TrailingBytes,

    /// <summary>An attribute runs past the end of the message.</summary>
    AttributeTruncated,

    /// <summary>An attribute value is malformed (bad length, family, error class...).</summary>
    BadAttributeValue,

    /// <summary>An attribute follows FINGERPRINT.</summary>
    FingerprintNotLast,
}

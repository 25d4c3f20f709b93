namespace Jingle.Net.Stun;

/// <summary>Fixed numbers of the STUN wire format (RFC 8489 §5, §14.7).</summary>
public static class StunConstants
{
    /// <summary>The magic cookie (RFC 8489 §5): 0x2112A442.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Length of the STUN header.</summary>
    public const int HeaderLength = 20;

    /// <summary>Length of a transaction id in an RFC 8489 message (96 bits).</summary>
    public const int TransactionIdLength = 12;

    /// <summary>Value XORed into the CRC-32 of FINGERPRINT (RFC 8489 §14.7): "STUN".</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Length of a MESSAGE-INTEGRITY value (HMAC-SHA1).</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>Length of a full MESSAGE-INTEGRITY-SHA256 value.</summary>
    public const int MessageIntegritySha256Length = 32;

    /// <summary>The default STUN/TURN port (RFC 8489 §9).</summary>
    public const int DefaultPort = 3478;

    /// <summary>The default STUN/TURN over TLS port.</summary>
    public const int DefaultTlsPort = 5349;

    /// <summary>Largest message the codec accepts (the length field is 16 bits).</summary>
    public const int MaxMessageLength = HeaderLength + 0xFFFC;
}

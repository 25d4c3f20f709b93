namespace Jingle.Net.Rtp.Srtp;

/// <summary>The six session keys of RFC 3711 §4.3 (auth keys empty for the AEAD profiles).</summary>
internal readonly ref struct SrtpSessionKeys
{
    public SrtpSessionKeys(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey)
    {
        RtpKey = rtpKey;
        RtpSalt = rtpSalt;
        RtpAuthKey = rtpAuthKey;
        RtcpKey = rtcpKey;
        RtcpSalt = rtcpSalt;
        RtcpAuthKey = rtcpAuthKey;
    }

    public ReadOnlySpan<byte> RtpKey { get; }

    public ReadOnlySpan<byte> RtpSalt { get; }

    public ReadOnlySpan<byte> RtpAuthKey { get; }

    public ReadOnlySpan<byte> RtcpKey { get; }

    public ReadOnlySpan<byte> RtcpSalt { get; }

    public ReadOnlySpan<byte> RtcpAuthKey { get; }
}

using Jingle.Net.Base.Crypto;

namespace Jingle.Net.Rtp.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with the AES-CM PRF (§4.3.3) and a key derivation rate of
/// zero, as DTLS-SRTP uses. RFC 7714 §11 uses the same function for the GCM profiles: the master key's size
/// picks AES-128 or AES-256 and the 96-bit master salt is padded with two zero bytes on the right.
/// </summary>
internal static class SrtpKeyDerivation
{
    /// <summary>Labels of RFC 3711 §4.3.1 and §4.3.2.</summary>
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    /// <summary>Fills <paramref name="output"/> with PRF_n(k_master, x) for <paramref name="label"/>, index 0.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        using var prf = new AesCounterMode(masterKey);
        Derive(prf, masterSalt, label, output);
    }

    /// <summary>As <see cref="Derive(ReadOnlySpan{byte}, ReadOnlySpan{byte}, byte, Span{byte})"/> with a PRF keyed by the master key.</summary>
    public static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("The master salt is at most 112 bits.", nameof(masterSalt));
        }

        // x = key_id XOR master_salt, key_id = label || r (r = 0 with kdr 0) in 56 bits; IV = x * 2^16.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        output.Clear();
        prf.Transform(iv, output);
    }
}

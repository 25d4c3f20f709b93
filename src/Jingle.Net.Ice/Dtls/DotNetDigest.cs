using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Tls.Crypto;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// SHA-256 / SHA-384 / SHA-512 for BouncyCastle's handshake transcript hash and PRF (HMAC), computed by .NET's
/// one-shot hash (SHA-NI / OpenSSL) instead of BouncyCastle's managed compression function. The input is buffered and
/// hashed at <see cref="DoFinal(Span{byte})"/>: a DTLS handshake transcript is a few kilobytes and PRF inputs are
/// tiny, so this costs a little memory and no native state to release (BouncyCastle never disposes digests).
/// </summary>
internal sealed class DotNetDigest : IDigest
{
    private readonly int _algorithm;
    private byte[] _buffer;
    private int _length;

    public DotNetDigest(int cryptoHashAlgorithm)
        : this(cryptoHashAlgorithm, new byte[256], 0)
    {
    }

    private DotNetDigest(int cryptoHashAlgorithm, byte[] buffer, int length)
    {
        _algorithm = cryptoHashAlgorithm;
        _buffer = buffer;
        _length = length;
    }

    /// <summary>True for the hash algorithms this class computes (CryptoHashAlgorithm values).</summary>
    public static bool Supports(int cryptoHashAlgorithm) => cryptoHashAlgorithm is CryptoHashAlgorithm.sha256
        or CryptoHashAlgorithm.sha384 or CryptoHashAlgorithm.sha512;

    public string AlgorithmName => _algorithm switch
    {
        CryptoHashAlgorithm.sha256 => "SHA-256",
        CryptoHashAlgorithm.sha384 => "SHA-384",
        _ => "SHA-512",
    };

    public int GetDigestSize() => _algorithm switch
    {
        CryptoHashAlgorithm.sha256 => SHA256.HashSizeInBytes,
        CryptoHashAlgorithm.sha384 => SHA384.HashSizeInBytes,
        _ => SHA512.HashSizeInBytes,
    };

    /// <summary>The block length (HMAC's pad length): 64 for SHA-256, 128 for SHA-384/512.</summary>
    public int GetByteLength() => _algorithm == CryptoHashAlgorithm.sha256 ? 64 : 128;

    /// <summary>An independent copy of the state (BouncyCastle clones the transcript hash for each use).</summary>
    public DotNetDigest Clone() => new(_algorithm, (byte[])_buffer.Clone(), _length);

    public void Update(byte input) => BlockUpdate([input]);

    public void BlockUpdate(byte[] input, int inOff, int inLen) => BlockUpdate(input.AsSpan(inOff, inLen));

    public void BlockUpdate(ReadOnlySpan<byte> input)
    {
        if (_length + input.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + input.Length));
        }

        input.CopyTo(_buffer.AsSpan(_length));
        _length += input.Length;
    }

    public int DoFinal(byte[] output, int outOff) => DoFinal(output.AsSpan(outOff));

    public int DoFinal(Span<byte> output)
    {
        ReadOnlySpan<byte> data = _buffer.AsSpan(0, _length);
        int written = _algorithm switch
        {
            CryptoHashAlgorithm.sha256 => SHA256.HashData(data, output),
            CryptoHashAlgorithm.sha384 => SHA384.HashData(data, output),
            _ => SHA512.HashData(data, output),
        };
        Reset();
        return written;
    }

    public void Reset()
    {
        // What was hashed may be secret (PRF input): clear it, as BouncyCastle's digests overwrite their state.
        _buffer.AsSpan(0, _length).Clear();
        _length = 0;
    }
}

using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Rtp.Srtp;

namespace Jingle.Net.Benchmarks.Rtp;

/// <summary>
/// SRTP protect and protect+unprotect of one RTP packet with a 1200-byte payload, per profile. Unprotect alone
/// cannot be repeated on one packet (the replay window rightly refuses it), so it is measured as
/// <see cref="ProtectThenUnprotect"/> minus <see cref="Protect"/>. Compare with benchmarks/reference/srtp-openssl.sh.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SrtpBenchmarkConfig))]
public class SrtpBenchmarks
{
    private const int PayloadLength = 1200;
    private const int HeaderLength = 12;

    private readonly byte[] _packet = new byte[HeaderLength + PayloadLength + 64];
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private ushort _seq;

    [Params(SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.Aes128CmHmacSha1_32,
        SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AeadAes256Gcm)]
    public SrtpProtectionProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[SrtpContext.GetMasterKeyLength(Profile)];
        byte[] salt = new byte[SrtpContext.GetMasterSaltLength(Profile)];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        _sender = SrtpContext.Create(Profile, key, salt);
        _receiver = SrtpContext.Create(Profile, key, salt);
        _packet[0] = 0x80;
        _packet[1] = 111;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x12345678);
        for (int i = HeaderLength; i < HeaderLength + PayloadLength; i++)
        {
            _packet[i] = (byte)i;
        }

        byte[] original = _packet[..(HeaderLength + PayloadLength)];
        ProtectThenUnprotect();
        if (!_packet.AsSpan(0, original.Length).SequenceEqual(original))
        {
            throw new InvalidOperationException("SRTP round trip did not restore the packet.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int Protect()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _seq++);
        _sender.ProtectRtp(_packet, HeaderLength + PayloadLength, out int length);
        return length;
    }

    [Benchmark]
    public int ProtectThenUnprotect()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _seq++);
        _sender.ProtectRtp(_packet, HeaderLength + PayloadLength, out int length);
        SrtpStatus status = _receiver.UnprotectRtp(_packet, length, out int plain);
        return status == SrtpStatus.Ok ? plain : throw new InvalidOperationException(status.ToString());
    }
}

extern alias JingleBase;

using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using AesCounterMode = JingleBase::Jingle.Net.Base.Crypto.AesCounterMode;
using AesGcmCipher = JingleBase::Jingle.Net.Base.Crypto.AesGcmCipher;
using HmacSha1 = JingleBase::Jingle.Net.Base.Crypto.HmacSha1;

namespace Jingle.Net.Benchmarks.Rtp;

/// <summary>
/// The building blocks on 1200 bytes, to see where SRTP time goes: our AES-NI counter mode, HMAC-SHA1 with
/// reused state, our AES-NI/PCLMULQDQ GCM and .NET's AesGcm (OpenSSL underneath), the GCM fallback.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SrtpBenchmarkConfig))]
public class SrtpPrimitiveBenchmarks
{
    private readonly byte[] _data = new byte[1212];
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[20];
    private AesCounterMode _ctr = null!;
    private AesCounterMode _ctrPortable = null!;
    private HmacSha1 _hmac = null!;
    private HmacSha1 _hmacManaged = null!;
    private AesGcm _gcm = null!;
    private AesGcmCipher _gcmManaged = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[16];
        new Random(1).NextBytes(key);
        _ctr = new AesCounterMode(key);
        _ctrPortable = new AesCounterMode(key, forcePortable: true);
        _hmac = new HmacSha1(new byte[20]);
        _hmacManaged = new HmacSha1(new byte[20], forceFallback: true);
        _gcm = new AesGcm(key, 16);
        _gcmManaged = AesGcmCipher.Create(key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ctr.Dispose();
        _ctrPortable.Dispose();
        _hmac.Dispose();
        _hmacManaged.Dispose();
        _gcm.Dispose();
        _gcmManaged.Dispose();
    }

    [Benchmark]
    public void AesCtrAesNi1200() => _ctr.Transform(_iv, _data.AsSpan(12, 1200));

    [Benchmark]
    public void AesCtrPortable1200() => _ctrPortable.Transform(_iv, _data.AsSpan(12, 1200));

    [Benchmark]
    public void HmacSha1_1212() => _hmac.Compute(_data, _iv.AsSpan(0, 4), _tag);

    [Benchmark]
    public void HmacSha1_1212_Managed() => _hmacManaged.Compute(_data, _iv.AsSpan(0, 4), _tag);

    // A STUN Binding Request up to MESSAGE-INTEGRITY: 20-byte header + 80 bytes of attributes.
    [Benchmark]
    public void HmacSha1_100() => _hmac.Compute(_data.AsSpan(0, 20), _data.AsSpan(20, 80), _tag);

    [Benchmark]
    public void HmacSha1_100_Managed() => _hmacManaged.Compute(_data.AsSpan(0, 20), _data.AsSpan(20, 80), _tag);

    [Benchmark]
    public void ManagedGcmEncrypt1200() => _gcmManaged.Encrypt(_nonce, _data.AsSpan(12, 1200), _data.AsSpan(12, 1200), _tag.AsSpan(0, 16), _data.AsSpan(0, 12));

    [Benchmark]
    public void AesGcmEncrypt1200() => _gcm.Encrypt(_nonce, _data.AsSpan(12, 1200), _data.AsSpan(12, 1200), _tag.AsSpan(0, 16), _data.AsSpan(0, 12));
}

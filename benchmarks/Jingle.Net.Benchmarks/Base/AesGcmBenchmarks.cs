extern alias JingleBase;

using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using AesGcmCipher = JingleBase::Jingle.Net.Base.Crypto.AesGcmCipher;

namespace Jingle.Net.Benchmarks.Base;

/// <summary>
/// One DTLS record's worth of AES-GCM: encrypt then decrypt 1200 bytes with the 13-byte TLS AAD, our managed
/// AES-NI/PCLMULQDQ <see cref="AesGcmCipher"/> against .NET's <see cref="AesGcm"/> (OpenSSL 3 on Linux), for
/// AES-128 and AES-256. Run: <c>-- --filter '*AesGcmBenchmarks*' --inProcess --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class AesGcmBenchmarks
{
    private readonly byte[] _plaintext = new byte[1200];
    private readonly byte[] _ciphertext = new byte[1200];
    private readonly byte[] _decrypted = new byte[1200];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _aad = new byte[13];
    private AesGcmCipher _ours = null!;
    private AesGcm _dotnet = null!;

    [Params(16, 32)]
    public int KeyBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        byte[] key = new byte[KeyBytes];
        random.NextBytes(key);
        random.NextBytes(_plaintext);
        random.NextBytes(_nonce);
        random.NextBytes(_aad);
        _ours = AesGcmCipher.Create(key);
        _dotnet = new AesGcm(key, 16);
        if (!_ours.UsesIntrinsics)
        {
            throw new InvalidOperationException("This CPU has no AES-NI/PCLMULQDQ: the comparison would be AesGcm against itself.");
        }

        // Check the output once: same ciphertext and tag as AesGcm, and a round trip.
        byte[] expected = new byte[_plaintext.Length];
        byte[] tag = new byte[16];
        _dotnet.Encrypt(_nonce, _plaintext, expected, tag, _aad);
        if (!OursEncryptDecrypt() || !expected.AsSpan().SequenceEqual(_ciphertext) || !tag.AsSpan().SequenceEqual(_tag)
            || !_decrypted.AsSpan().SequenceEqual(_plaintext))
        {
            throw new InvalidOperationException("Managed AES-GCM differs from AesGcm.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _dotnet.Dispose();
    }

    [Benchmark]
    public bool OursEncryptDecrypt()
    {
        _ours.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);
        return _ours.TryDecrypt(_nonce, _ciphertext, _tag, _decrypted, _aad);
    }

    [Benchmark(Baseline = true)]
    public void AesGcmEncryptDecrypt()
    {
        _dotnet.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);
        _dotnet.Decrypt(_nonce, _ciphertext, _tag, _decrypted, _aad);
    }

    [Benchmark]
    public void OursEncrypt() => _ours.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);

    [Benchmark]
    public void AesGcmEncrypt() => _dotnet.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);
}

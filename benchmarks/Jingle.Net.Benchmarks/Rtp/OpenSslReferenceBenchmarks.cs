using BenchmarkDotNet.Attributes;

namespace Jingle.Net.Benchmarks.Rtp;

/// <summary>
/// OpenSSL doing what <c>openssl speed -bytes 1200</c> times — aes-128-gcm (-aead), aes-128-ctr, hmac sha1 — run in
/// this process next to <see cref="SrtpBenchmarks"/>, so the goal ratios compare like with like on a shared machine.
/// benchmarks/reference/srtp-openssl.sh gives the same figures from the openssl command (CPU time).
/// </summary>
[Config(typeof(SrtpBenchmarkConfig))]
public unsafe class OpenSslReferenceBenchmarks
{
    private readonly byte[] _data = new byte[1200 + 32];
    private readonly byte[] _key = new byte[32];
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _aad = new byte[16];
    private readonly byte[] _tag = new byte[20];
    private IntPtr _gcm;
    private IntPtr _ctr;
    private IntPtr _hmac;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_key);
        _gcm = OpenSslReference.EVP_CIPHER_CTX_new();
        _ctr = OpenSslReference.EVP_CIPHER_CTX_new();
        _hmac = OpenSslReference.HMAC_CTX_new();
        fixed (byte* k = _key)
        fixed (byte* iv = _iv)
        {
            if (OpenSslReference.EVP_EncryptInit_ex(_gcm, OpenSslReference.EVP_aes_128_gcm(), IntPtr.Zero, k, iv) != 1
                || OpenSslReference.EVP_EncryptInit_ex(_ctr, OpenSslReference.EVP_aes_128_ctr(), IntPtr.Zero, k, iv) != 1
                || OpenSslReference.HMAC_Init_ex(_hmac, k, 20, OpenSslReference.EVP_sha1(), IntPtr.Zero) != 1)
            {
                throw new InvalidOperationException("libcrypto init failed");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        OpenSslReference.EVP_CIPHER_CTX_free(_gcm);
        OpenSslReference.EVP_CIPHER_CTX_free(_ctr);
        OpenSslReference.HMAC_CTX_free(_hmac);
    }

    [Benchmark]
    public void OpenSslAes128Gcm1200()
    {
        fixed (byte* d = _data)
        fixed (byte* iv = _iv)
        fixed (byte* aad = _aad)
        fixed (byte* tag = _tag)
        {
            OpenSslReference.GcmEncrypt(_gcm, iv, aad, d, 1200, tag);
        }
    }

    [Benchmark]
    public int OpenSslAes128Ctr1200()
    {
        fixed (byte* d = _data)
        {
            int n;
            OpenSslReference.EVP_EncryptUpdate(_ctr, d, &n, d, 1200);
            return n;
        }
    }

    [Benchmark]
    public uint OpenSslHmacSha1_1200()
    {
        fixed (byte* d = _data)
        fixed (byte* tag = _tag)
        {
            uint n;
            OpenSslReference.HMAC_Init_ex(_hmac, null, 0, IntPtr.Zero, IntPtr.Zero);
            OpenSslReference.HMAC_Update(_hmac, d, 1200);
            OpenSslReference.HMAC_Final(_hmac, tag, &n);
            return n;
        }
    }
}

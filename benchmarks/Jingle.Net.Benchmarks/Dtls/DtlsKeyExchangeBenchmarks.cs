using BenchmarkDotNet.Attributes;
using Jingle.Net.Ice.Dtls;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Jingle.Net.Benchmarks.Dtls;

/// <summary>
/// The ECDHE part of one DTLS handshake, both sides: two ephemeral key pairs, the exchange of public values and the
/// two shared secrets, through the TlsAgreement each handshake uses. <c>BouncyCastle=true</c> is BouncyCastle's
/// managed code (X25519 as before it moved to libcrypto); false is ours (X25519 on libcrypto, P-256 on .NET).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DtlsKeyExchangeBenchmarks
{
    private TlsECDomain _a = null!;
    private TlsECDomain _b = null!;

    [Params(NamedGroup.x25519, NamedGroup.secp256r1)]
    public int Group { get; set; }

    [Params(false, true)]
    public bool BouncyCastle { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var config = new TlsECConfig(Group);
        _a = new DtlsTlsCrypto(DtlsTlsCrypto.SharedRandom, useDotNetHandshakeCrypto: !BouncyCastle).CreateECDomain(config);
        _b = new DtlsTlsCrypto(DtlsTlsCrypto.SharedRandom, useDotNetHandshakeCrypto: !BouncyCastle).CreateECDomain(config);
        if (!KeyExchange())
        {
            throw new InvalidOperationException("the two secrets differ");
        }
    }

    [Benchmark]
    public bool KeyExchange()
    {
        TlsAgreement a = _a.CreateECDH();
        TlsAgreement b = _b.CreateECDH();
        byte[] publicA = a.GenerateEphemeral();
        byte[] publicB = b.GenerateEphemeral();
        a.ReceivePeerValue(publicB);
        b.ReceivePeerValue(publicA);
        return a.CalculateSecret().Extract().AsSpan().SequenceEqual(b.CalculateSecret().Extract());
    }
}

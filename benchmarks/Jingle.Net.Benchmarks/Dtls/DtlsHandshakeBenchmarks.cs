using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Benchmarks.Dtls;

/// <summary>
/// One complete DTLS 1.2 handshake (ECDSA P-256, ECDHE, use_srtp, mutual certificates + fingerprint checks) between
/// two DtlsTransports on one worker RtcThread, over the in-memory pair or over loopback UDP. Certificates are made
/// once: generating them is not part of the handshake.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class DtlsHandshakeBenchmarks
{
    private JingleEnvironment _env = null!;
    private RtcThread _worker = null!;
    private RtcCertificate _certA = null!;
    private RtcCertificate _certB = null!;

    [Params(false, true)]
    public bool Udp { get; set; }

    /// <summary>
    /// True: the handshake's public-key math and SHA-2 hashing on BouncyCastle's managed code (as before the
    /// .NET handshake crypto, docs/dtls.md "Handshake cost"); false: on .NET (the default).
    /// </summary>
    [Params(false, true)]
    public bool BouncyCastleCrypto { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _env = JingleEnvironment.CreateDefault();
        _worker = new RtcThread("bench-worker");
        _certA = RtcCertificate.Generate();
        _certB = RtcCertificate.Generate();
        Handshake(); // checks that it works
    }

    [Benchmark]
    public void Handshake()
    {
        DtlsBenchmarkPeers peers = DtlsBenchmarkPeers.Start(_env, _certA, _certB, Udp, _worker, bouncyCastleHandshakeCrypto: BouncyCastleCrypto);
        peers.WaitConnected();
        if (peers.A.State != DtlsTransportState.Connected || peers.B.State != DtlsTransportState.Connected)
        {
            throw new InvalidOperationException("handshake failed");
        }

        peers.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _worker.Dispose();
        _certA.Dispose();
        _certB.Dispose();
    }
}

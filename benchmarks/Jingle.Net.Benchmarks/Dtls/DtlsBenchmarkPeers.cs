using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;

namespace Jingle.Net.Benchmarks.Dtls;

/// <summary>Two connected DtlsTransports (client A, server B) over an in-memory pair or loopback UDP.</summary>
internal sealed class DtlsBenchmarkPeers : IAsyncDisposable
{
    private readonly ManualResetEventSlim _connected = new();
    private int _connectedCount;

    private DtlsBenchmarkPeers(RtcThread? owner)
    {
        Owner = owner;
    }

    public RtcThread? Owner { get; }

    public DtlsTransport A { get; private set; } = null!;

    public DtlsTransport B { get; private set; } = null!;

    private IAsyncDisposable[] _lower = [];

    /// <summary>Creates and starts both sides; the caller waits with <see cref="WaitConnected"/>.</summary>
    public static DtlsBenchmarkPeers Start(JingleEnvironment env, RtcCertificate certA, RtcCertificate certB, bool udp, RtcThread? owner,
        int receiveQueueCapacity = 4096, bool recordFastPath = true, bool bouncyCastleHandshakeCrypto = false)
    {
        var peers = new DtlsBenchmarkPeers(owner);
        void Create()
        {
            IPacketTransport first, second;
            if (udp)
            {
                var options = new UdpSocketOptions { DeliveryThread = owner };
                IUdpSocket sa = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0), options);
                IUdpSocket sb = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0), options);
                var ua = new UdpPacketTransport(sa, sb.LocalEndPoint);
                var ub = new UdpPacketTransport(sb, sa.LocalEndPoint);
                peers._lower = [ua, ub];
                (first, second) = (ua, ub);
            }
            else
            {
                var pair = new PacketTransportPair();
                (first, second) = (pair.First, pair.Second);
            }

            peers.A = new DtlsTransport(env, first, new DtlsTransportOptions
            {
                Certificate = certA, OwnerThread = owner, ReceiveQueueCapacity = receiveQueueCapacity,
                DeliveryQueueCapacity = receiveQueueCapacity, DisableRecordFastPath = !recordFastPath,
                UseBouncyCastleHandshakeCrypto = bouncyCastleHandshakeCrypto,
            });
            peers.B = new DtlsTransport(env, second, new DtlsTransportOptions
            {
                Certificate = certB, OwnerThread = owner, ReceiveQueueCapacity = receiveQueueCapacity,
                DeliveryQueueCapacity = receiveQueueCapacity, DisableRecordFastPath = !recordFastPath,
                UseBouncyCastleHandshakeCrypto = bouncyCastleHandshakeCrypto,
            });
            peers.A.StateChanged += peers.OnState;
            peers.B.StateChanged += peers.OnState;
            peers.B.Start(DtlsRole.Server, certA.GetFingerprint());
            peers.A.Start(DtlsRole.Client, certB.GetFingerprint());
        }

        if (owner is null)
        {
            Create();
        }
        else
        {
            owner.InvokeAsync(Create).GetAwaiter().GetResult();
        }

        return peers;
    }

    public void WaitConnected()
    {
        if (!_connected.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"DTLS did not connect: A {A.State} {A.Error}, B {B.State} {B.Error}");
        }
    }

    private void OnState(DtlsTransport transport, DtlsTransportState state)
    {
        if (state == DtlsTransportState.Connected && Interlocked.Increment(ref _connectedCount) == 2)
        {
            _connected.Set();
        }
        else if (state == DtlsTransportState.Failed)
        {
            _connected.Set();
        }
    }

    public async ValueTask DisposeAsync()
    {
        async Task Dispose()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            foreach (IAsyncDisposable lower in _lower)
            {
                await lower.DisposeAsync();
            }
        }

        if (Owner is null)
        {
            await Dispose();
        }
        else
        {
            await Owner.InvokeAsync(Dispose);
        }

        _connected.Dispose();
    }
}

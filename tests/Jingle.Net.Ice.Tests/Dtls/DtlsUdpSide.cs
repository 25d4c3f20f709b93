using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// Our DTLS endpoint over real UDP on 127.0.0.1, on its own RtcThread, for the OpenSSL interop tests (100 ms initial
/// retransmission timer). Optionally through a layer that loses the datagrams the test says; records what it receives.
/// </summary>
internal sealed class DtlsUdpSide : IAsyncDisposable, IPacketTransport
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Func<byte[], bool>? _dropOutgoing;
    private readonly Func<byte[], bool>? _dropIncoming;
    private readonly RtcCertificate? _ownedCertificate;
    private readonly ConcurrentQueue<string> _received = new();
    private long _droppedIncoming;

    private DtlsUdpSide(RtcThread owner, UdpPacketTransport udp, RtcCertificate? ownedCertificate,
        Func<byte[], bool>? dropOutgoing, Func<byte[], bool>? dropIncoming)
    {
        Owner = owner;
        Udp = udp;
        _ownedCertificate = ownedCertificate;
        _dropOutgoing = dropOutgoing;
        _dropIncoming = dropIncoming;
        if (IsLossy)
        {
            udp.PacketReceived += (_, packet, ts) =>
            {
                if (_dropIncoming?.Invoke(packet.ToArray()) == true)
                {
                    Interlocked.Increment(ref _droppedIncoming);
                    return;
                }

                PacketReceived?.Invoke(this, packet, ts);
            };
            udp.WritableStateChanged += _ => WritableStateChanged?.Invoke(this);
        }
    }

    public RtcThread Owner { get; }

    public UdpPacketTransport Udp { get; }

    public DtlsTransport Dtls { get; private set; } = null!;

    /// <summary>Application data received, as ASCII.</summary>
    public IReadOnlyCollection<string> Received => _received;

    public long DroppedIncoming => Interlocked.Read(ref _droppedIncoming);

    public string TransportName => "lossy-udp";

    public bool IsWritable => Udp.IsWritable;

    public event Action<IPacketTransport>? WritableStateChanged;

    public event TransportPacketHandler? PacketReceived;

    private bool IsLossy => _dropOutgoing is not null || _dropIncoming is not null;

    public bool Send(ReadOnlySpan<byte> packet) => _dropOutgoing?.Invoke(packet.ToArray()) == true || Udp.Send(packet);

    /// <summary>
    /// Binds a socket (sending to <paramref name="remote"/>, or to whoever sends first when null) and creates the DTLS
    /// transport. Without <paramref name="certificate"/> the side generates its own (and disposes of it).
    /// </summary>
    public static async Task<DtlsUdpSide> CreateAsync(IPEndPoint? remote, RtcCertificate? certificate = null,
        SrtpProtectionProfile profile = SrtpProtectionProfile.Aes128CmHmacSha1_80, bool requireSrtp = false,
        Func<byte[], bool>? dropOutgoing = null, Func<byte[], bool>? dropIncoming = null)
    {
        JingleEnvironment env = JingleEnvironment.CreateDefault();
        var owner = new RtcThread("openssl-interop");
        RtcCertificate? owned = certificate is null ? RtcCertificate.Generate() : null;
        return await owner.InvokeAsync(() =>
        {
            IUdpSocket socket = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0), new UdpSocketOptions { DeliveryThread = owner });
            var side = new DtlsUdpSide(owner, new UdpPacketTransport(socket, remote), owned, dropOutgoing, dropIncoming);
            side.Dtls = new DtlsTransport(env, side.IsLossy ? side : side.Udp, new DtlsTransportOptions
            {
                Certificate = certificate ?? owned!,
                OwnerThread = owner,
                SrtpProfiles = [profile],
                RequireSrtp = requireSrtp,
                InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
            });
            side.Dtls.PacketReceived += (_, p, _) => side._received.Enqueue(Encoding.ASCII.GetString(p));
            return side;
        });
    }

    public Task WaitForAsync(DtlsTransportState state) => DtlsTestPair.WaitUntilAsync(() => Dtls.State == state,
        $"DTLS {state} (now {Dtls.State} {Dtls.Error}, {Dtls.HandshakeRetransmitCount} retransmissions)", Timeout);

    public async ValueTask DisposeAsync()
    {
        await Owner.InvokeAsync(async () =>
        {
            await Dtls.DisposeAsync();
            await Udp.DisposeAsync();
        });
        await Owner.DisposeAsync();
        _ownedCertificate?.Dispose();
    }
}

using System.Buffers.Binary;
using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;
using Jingle.Net.Rtp;
using Jingle.Net.Rtp.Srtp;
using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>
/// The SRTP media path of the BUNDLE transport (worker thread): once DTLS connects with an SRTP profile, the
/// outbound and inbound SRTP contexts come from the exported keys (RFC 5764 §4.2). Received packets the DTLS
/// transport passes up by RFC 7983 (first byte 128–191) are split into RTP and RTCP (RFC 5761 §4), unprotected,
/// and RTP is routed to a receiver by SSRC, mid header extension or payload type (RFC 8843 §9.2). Anything that
/// fails is dropped and counted. Senders' packets get their header written here and are protected and sent.
/// RTCP (Sender/Receiver Reports) is in RtpMediaTransport.Rtcp.cs, the off-thread send queue in
/// RtpMediaTransport.Queue.cs.
/// </summary>
internal sealed partial class RtpMediaTransport : IDisposable
{
    private const int MaxRemoteSsrcs = 64;
    private const int BufferSize = 2048;

    private readonly JingleEnvironment _env;
    private readonly RtcThread _worker;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly byte[] _receive = new byte[BufferSize];
    private readonly byte[] _send = new byte[BufferSize];
    private readonly Dictionary<uint, RtpReceiver> _bySsrc = [];
    private readonly List<(byte[] Mid, RtpReceiver Receiver)> _byMid = [];
    private readonly Dictionary<int, RtpReceiver?> _byPayloadType = [];
    private SrtpContext? _outbound;
    private SrtpContext? _inbound;
    private DtlsTransport? _dtls;
    private int _midExtensionId;
    private int _learnedSsrcs;
    private bool _disposed;

    public RtpMediaTransport(JingleEnvironment env, RtcThread worker, ILogger logger)
    {
        _env = env;
        _worker = worker;
        _logger = logger;
        _origin = env.TimeProvider.GetTimestamp();
    }

    /// <summary>Microseconds since this transport was made, on the injected clock (RTP arrival and send times).</summary>
    private long NowMicros => (long)_env.TimeProvider.GetElapsedTime(_origin).TotalMicroseconds;

    /// <summary>The negotiated SRTP profile once keyed.</summary>
    public SrtpProtectionProfile Profile { get; private set; }

    /// <summary>SRTP/SRTCP packets received before the keys existed.</summary>
    public long DroppedBeforeKeys { get; private set; }

    /// <summary>RTP packets that decrypted but matched no receiver.</summary>
    public long Unroutable { get; private set; }

    /// <summary>Packets too big or not RTP/RTCP, or RTP that decrypted into a malformed header.</summary>
    public long Malformed { get; private set; }

    /// <summary>Decrypted RTCP packets (compound) received.</summary>
    public long RtcpReceived { get; private set; }

    public SrtpStatistics? InboundStatistics => _inbound?.Statistics;

    public SrtpStatistics? OutboundStatistics => _outbound?.Statistics;

    /// <summary>The one-byte header extension id of urn:ietf:params:rtp-hdrext:sdes:mid, or 0.</summary>
    public int MidExtensionId => _midExtensionId;

    /// <summary>Replaces the routes and the transceivers RTCP reports for (worker thread).</summary>
    public void Configure(IReadOnlyList<MediaRoute> routes, int midExtensionId, string? cname = null)
    {
        ConfigureReports(routes, cname);
        _midExtensionId = midExtensionId is >= 1 and <= 14 ? midExtensionId : 0;
        _bySsrc.Clear();
        _byMid.Clear();
        _byPayloadType.Clear();
        _learnedSsrcs = 0;
        foreach (MediaRoute route in routes)
        {
            foreach (uint ssrc in route.RemoteSsrcs)
            {
                _bySsrc[ssrc] = route.Receiver;
            }

            _byMid.Add((Encoding.ASCII.GetBytes(route.Mid), route.Receiver));
            foreach (int pt in route.PayloadTypes)
            {
                // A payload type used by two m-sections identifies neither (RFC 8843 §9.2).
                _byPayloadType[pt] = _byPayloadType.ContainsKey(pt) ? null : route.Receiver;
            }
        }
    }

    /// <summary>DTLS connected: keys the SRTP contexts when a profile was negotiated (worker thread).</summary>
    public void OnDtlsConnected(DtlsTransport dtls)
    {
        if (_disposed || _outbound is not null)
        {
            return;
        }

        _dtls = dtls;
        if (dtls.SrtpProfile == SrtpProtectionProfile.None)
        {
            JingleLog.SrtpMissing(_logger);
            return;
        }

        using DtlsSrtpKeyingMaterial keys = dtls.GetSrtpKeyingMaterial();
        (_outbound, _inbound) = DtlsSrtpKeys.CreateContexts(keys, logger: _logger);
        Profile = keys.Profile;
        JingleLog.SrtpKeyed(_logger, Profile.ToWireString());
        ScheduleReports(initial: true);
    }

    /// <summary>An SRTP or SRTCP packet from the DTLS transport (RFC 7983), on the thread the transport delivers on.</summary>
    public void OnSrtpPacket(IPacketTransport transport, ReadOnlySpan<byte> packet, long timestamp)
    {
        if (!_worker.IsCurrent)
        {
            _worker.Post(static s => s.Media.Receive(s.Packet), new PostedPacket(this, packet.ToArray()));
            return;
        }

        Receive(packet);
    }

    private void Receive(ReadOnlySpan<byte> packet)
    {
        if (_disposed)
        {
            return;
        }

        if (_inbound is not { } inbound)
        {
            DroppedBeforeKeys++;
            return;
        }

        if (packet.Length > _receive.Length)
        {
            Malformed++;
            return;
        }

        packet.CopyTo(_receive);
        switch (RtpDemultiplexer.Classify(packet))
        {
            case RtpPacketKind.Rtcp:
                if (inbound.UnprotectRtcp(_receive, packet.Length, out int rtcpLength) == SrtpStatus.Ok)
                {
                    RtcpReceived++;
                    ReceiveRtcp(_receive.AsSpan(0, rtcpLength));
                }

                return;
            case RtpPacketKind.Rtp:
                ReceiveRtp(inbound, packet.Length);
                return;
            default:
                Malformed++;
                return;
        }
    }

    private void ReceiveRtp(SrtpContext inbound, int length)
    {
        SrtpStatus status = inbound.UnprotectRtp(_receive, length, out int rtpLength);
        if (status != SrtpStatus.Ok)
        {
            JingleLog.RtpDropped(_logger, status.ToString(), length >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(_receive.AsSpan(8)) : 0);
            return;
        }

        if (!RtpPacketView.TryParse(_receive.AsSpan(0, rtpLength), out RtpPacketView view, out _))
        {
            Malformed++;
            return;
        }

        RtpReceiver? receiver = Route(view);
        if (receiver is null)
        {
            Unroutable++;
            JingleLog.RtpDropped(_logger, "no receiver", view.Ssrc);
            return;
        }

        receiver.OnRtp(_receive, rtpLength, view.HeaderLength, view.Payload.Length, view.PayloadType, view.SequenceNumber,
            view.Timestamp, view.Ssrc, view.Marker, NowMicros);
    }

    private RtpReceiver? Route(RtpPacketView view)
    {
        uint ssrc = view.Ssrc;
        if (_bySsrc.TryGetValue(ssrc, out RtpReceiver? receiver))
        {
            return receiver;
        }

        if (_midExtensionId != 0 && view.HasExtension && view.TryGetExtension((byte)_midExtensionId, out ReadOnlySpan<byte> mid))
        {
            foreach ((byte[] m, RtpReceiver r) in _byMid)
            {
                if (mid.SequenceEqual(m))
                {
                    Learn(ssrc, r);
                    return r;
                }
            }
        }

        if (_byPayloadType.TryGetValue(view.PayloadType, out receiver) && receiver is not null)
        {
            Learn(ssrc, receiver);
            return receiver;
        }

        return null;
    }

    private void Learn(uint ssrc, RtpReceiver receiver)
    {
        if (_learnedSsrcs < MaxRemoteSsrcs)
        {
            _learnedSsrcs++;
            _bySsrc[ssrc] = receiver;
        }
    }

    /// <summary>Writes the RTP header for <paramref name="sender"/>, protects and sends the packet (worker thread).</summary>
    public bool SendRtp(RtpSender sender, ReadOnlySpan<byte> payload, uint timestamp, bool marker, int? payloadType)
    {
        int pt = payloadType ?? sender.DefaultPayloadType;
        if (_disposed || _outbound is not { } outbound || _dtls is not { } dtls || pt < 0)
        {
            return false;
        }

        string? mid = sender.Transceiver?.Mid;
        int extensionLength = _midExtensionId != 0 && mid is { Length: > 0 and <= 16 } ? 4 + ((1 + mid.Length + 3) & ~3) : 0;
        int headerLength = 12 + extensionLength;
        int length = headerLength + payload.Length;
        if (length + outbound.RtpOverhead > _send.Length || length + outbound.RtpOverhead > 1200)
        {
            return false;
        }

        Span<byte> packet = _send;
        packet[..headerLength].Clear();
        packet[0] = (byte)(0x80 | (extensionLength != 0 ? 0x10 : 0));
        packet[1] = (byte)((marker ? 0x80 : 0) | pt);
        ushort sequence = sender.NextSequenceNumber++;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], sender.Ssrc);
        if (extensionLength != 0)
        {
            // RFC 8285 §4.2 one-byte form: 0xBEDE, length in words, then id<<4 | (len-1) and the value, zero padded.
            BinaryPrimitives.WriteUInt16BigEndian(packet[12..], RtpHeaderExtensionReader.OneByteProfile);
            BinaryPrimitives.WriteUInt16BigEndian(packet[14..], (ushort)((extensionLength - 4) / 4));
            packet[16] = (byte)((_midExtensionId << 4) | (mid!.Length - 1));
            Encoding.ASCII.GetBytes(mid, packet[17..]);
        }

        payload.CopyTo(packet[headerLength..]);
        if (outbound.ProtectRtp(packet, length, out int protectedLength) != SrtpStatus.Ok || !dtls.SendSrtp(packet[..protectedLength]))
        {
            return false;
        }

        sender.Statistics.OnRtpSent(timestamp, payload.Length, headerLength, NowMicros);
        return true;
    }

    /// <summary>Zeroes the keys (worker thread).</summary>
    public void Dispose()
    {
        _disposed = true;
        StopReports();
        _outbound?.Dispose();
        _inbound?.Dispose();
    }

    private sealed record PostedPacket(RtpMediaTransport Media, byte[] Packet);
}

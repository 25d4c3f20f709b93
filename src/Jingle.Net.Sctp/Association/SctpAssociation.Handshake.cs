using Jingle.Net.Sctp.Association;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;
using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp;

// The four-way handshake (RFC 9260 §5.1):
//
//   A (Connect)                          Z
//   CLOSED --INIT-----------------------> (stateless: INIT ACK with a signed cookie)
//   COOKIE-WAIT <--INIT ACK [cookie]----
//   --COOKIE ECHO [cookie]------------->  verify HMAC + age -> ESTABLISHED
//   COOKIE-ECHOED <--COOKIE ACK---------
//   ESTABLISHED
public sealed partial class SctpAssociation
{
    private TimeSpan _t1Deadline = TimeSpan.MaxValue;
    private TimeSpan _t1Rto;
    private int _t1Attempts;
    private InitChunk? _initChunk;
    private byte[]? _cookieToEcho;

    /// <summary>Starts the association as the initiator (sends INIT, starts T1-init).</summary>
    public void Connect(TimeSpan now)
    {
        if (_state != SctpAssociationState.Closed)
        {
            return;
        }

        _localTag = NextNonZero();
        _localInitialTsn = (uint)_random.NextUInt64();
        _initChunk = new InitChunk(_localTag, (uint)_options.MaxReceiverWindow, _options.OutboundStreams, _options.InboundStreams,
            _localInitialTsn, BuildCapabilityParameters());
        _singlePackets.Enqueue((0, _initChunk));
        _t1Attempts = 0;
        _t1SentAt = now;
        _t1Rto = _options.T1Timeout;
        _t1Deadline = now + _t1Rto;
        TransitionTo(SctpAssociationState.CookieWait);
        FlushEvents();
        TransmitRequested?.Invoke();
    }

    private uint NextNonZero()
    {
        uint v;
        do
        {
            v = (uint)_random.NextUInt64();
        }
        while (v == 0);
        return v;
    }

    private List<SctpParameter> BuildCapabilityParameters()
    {
        var extensions = new List<byte> { (byte)ChunkType.ReConfig };
        var parameters = new List<SctpParameter>(4);
        if (_options.EnablePartialReliability)
        {
            extensions.Add((byte)ChunkType.ForwardTsn);
            parameters.Add(new ForwardTsnSupportedParameter());
        }

        if (_options.EnableMessageInterleaving)
        {
            extensions.Add((byte)ChunkType.IData);
            extensions.Add((byte)ChunkType.IForwardTsn);
        }

        parameters.Insert(0, new SupportedExtensionsParameter([.. extensions]));
        if (_options.EnableZeroChecksum)
        {
            parameters.Add(new ZeroChecksumAcceptableParameter(ZeroChecksumAcceptableParameter.Dtls));
        }

        return parameters;
    }

    private byte NegotiateCapabilities(InitChunkBase peer)
    {
        byte caps = 0;
        SupportedExtensionsParameter? ext = peer.GetParameter<SupportedExtensionsParameter>();
        if (_options.EnablePartialReliability && (peer.GetParameter<ForwardTsnSupportedParameter>() is not null || ext?.Supports(ChunkType.ForwardTsn) == true))
        {
            caps |= StateCookie.CapabilityPartialReliability;
        }

        if (ext?.Supports(ChunkType.ReConfig) == true)
        {
            caps |= StateCookie.CapabilityReconfig;
        }

        if (_options.EnableMessageInterleaving && ext?.Supports(ChunkType.IData) == true)
        {
            caps |= StateCookie.CapabilityInterleaving;
        }

        // RFC 9653 is one-way: the peer's Zero Checksum Acceptable (method 1, DTLS) lets us send checksum 0; what we
        // accept follows our own announcement (AcceptsZeroChecksum). We only send 0 when we run over DTLS ourselves.
        if (_options.EnableZeroChecksum && peer.GetParameter<ZeroChecksumAcceptableParameter>() is { ErrorDetectionMethod: ZeroChecksumAcceptableParameter.Dtls })
        {
            caps |= StateCookie.CapabilityZeroChecksum;
        }

        return caps;
    }

    private void ApplyCapabilities(byte caps)
    {
        _peerSupportsPartialReliability = (caps & StateCookie.CapabilityPartialReliability) != 0;
        _peerSupportsReconfig = (caps & StateCookie.CapabilityReconfig) != 0;
        _zeroChecksum = (caps & StateCookie.CapabilityZeroChecksum) != 0;
        _interleaving = (caps & StateCookie.CapabilityInterleaving) != 0;
        _dataHeaderLength = _interleaving ? IDataChunk.HeaderLength : DataChunk.HeaderLength;
        _maxDataPayload = _options.Mtu - SctpCommonHeader.Length - _dataHeaderLength;
    }

    private bool OnInitReceived(ReadOnlySpan<byte> value, TimeSpan now)
    {
        if (!InitChunk.TryParse(value, out InitChunk? init) || init!.InitiateTag == 0 || init.OutboundStreams == 0 || init.InboundStreams == 0)
        {
            DropMalformed("bad INIT");
            return false;
        }

        uint localTag, localTsn, tieLocal = 0, tiePeer = 0;
        switch (_state)
        {
            case SctpAssociationState.Closed:
                localTag = NextNonZero();
                localTsn = (uint)_random.NextUInt64();
                break;
            case SctpAssociationState.CookieWait:
            case SctpAssociationState.CookieEchoed:
                // §5.2.1: an INIT collision; answer with our own tag and TSN unchanged.
                localTag = _localTag;
                localTsn = _localInitialTsn;
                break;
            default:
                // §5.2.2: a restart attempt; new tag, with tie tags proving who we were.
                localTag = NextNonZero();
                localTsn = (uint)_random.NextUInt64();
                tieLocal = _localTag;
                tiePeer = _peerTag;
                break;
        }

        byte caps = NegotiateCapabilities(init);
        var cookie = new StateCookie((long)now.TotalMilliseconds, localTag, init.InitiateTag, localTsn, init.InitialTsn,
            init.AdvertisedReceiverWindow, init.OutboundStreams, init.InboundStreams, caps, tieLocal, tiePeer);
        List<SctpParameter> parameters = BuildCapabilityParameters();
        parameters.Insert(0, new StateCookieParameter(cookie.Sign(_cookieKey)));
        var initAck = new InitAckChunk(localTag, (uint)_options.MaxReceiverWindow, _options.OutboundStreams, _options.InboundStreams, localTsn, parameters);
        _singlePackets.Enqueue((init.InitiateTag, initAck));
        return false; // INIT is alone in its packet
    }

    private bool OnInitAckReceived(ReadOnlySpan<byte> value, TimeSpan now)
    {
        if (_state != SctpAssociationState.CookieWait)
        {
            return true; // §5.2.3: discard
        }

        if (!InitAckChunk.TryParse(value, out InitAckChunk? ack) || ack!.InitiateTag == 0 || ack.GetParameter<StateCookieParameter>() is not { } cookie)
        {
            DropMalformed("bad INIT ACK");
            return false;
        }

        if (_t1Attempts == 0)
        {
            OnPathRttSample(now - _t1SentAt); // Karn: only an INIT sent once
        }

        _peerTag = ack.InitiateTag;
        _peerInitialTsn = ack.InitialTsn;
        ApplyCapabilities(NegotiateCapabilities(ack));
        _rtx.Initialize(_localInitialTsn, ack.AdvertisedReceiverWindow);
        _tracker.Initialize(_peerInitialTsn);
        InitializeReconfig();
        _cookieToEcho = cookie.Value;
        _singlePackets.Enqueue((_peerTag, new CookieEchoChunk(_cookieToEcho)));
        _t1Attempts = 0;
        _t1SentAt = now;
        _t1Rto = _rto.Rto;
        _t1Deadline = now + _t1Rto;
        TransitionTo(SctpAssociationState.CookieEchoed);
        return false;
    }

    private bool OnCookieEchoReceived(ReadOnlySpan<byte> value, uint verificationTag, TimeSpan now)
    {
        if (!StateCookie.TryVerify(value, _cookieKey, out StateCookie cookie) || cookie.LocalTag != verificationTag)
        {
            DropMalformed("bad cookie");
            return false;
        }

        if (now - TimeSpan.FromMilliseconds(cookie.CreatedMs) > _options.ValidCookieLife)
        {
            byte[] staleness = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(staleness, 1000);
            _singlePackets.Enqueue((cookie.PeerTag, new ErrorChunk([new ErrorCause(ErrorCauseCode.StaleCookieError, staleness)])));
            return false;
        }

        switch (_state)
        {
            case SctpAssociationState.Closed:
            case SctpAssociationState.CookieWait:
            case SctpAssociationState.CookieEchoed:
                Adopt(cookie);
                TimeSpan cookieRtt = now - TimeSpan.FromMilliseconds(cookie.CreatedMs); // our INIT ACK → its COOKIE ECHO (ms)
                if (cookieRtt < MaxCookieRttSample)
                {
                    OnPathRttSample(cookieRtt);
                }

                EnterEstablished(now);
                break;
            default:
                if (cookie.LocalTag == _localTag && cookie.PeerTag == _peerTag)
                {
                    break; // duplicate COOKIE ECHO (our COOKIE ACK was lost): answer again
                }

                if (cookie.LocalTieTag != _localTag || cookie.PeerTieTag != _peerTag)
                {
                    return false; // not a restart of this association
                }

                // §5.2.4 case A: the peer restarted.
                SctpLog.Restarted(_logger, _name);
                ResetTransmissionState();
                Adopt(cookie);
                TransitionTo(SctpAssociationState.Established);
                Emit(DeferredEventKind.Restarted);
                break;
        }

        _control.Insert(0, CookieAckChunk.Instance);
        return true;
    }

    private void Adopt(in StateCookie cookie)
    {
        _localTag = cookie.LocalTag;
        _peerTag = cookie.PeerTag;
        _localInitialTsn = cookie.LocalInitialTsn;
        _peerInitialTsn = cookie.PeerInitialTsn;
        ApplyCapabilities(cookie.Capabilities);
        _rtx.Initialize(_localInitialTsn, cookie.PeerReceiverWindow);
        _tracker.Initialize(_peerInitialTsn);
        InitializeReconfig();
    }

    private bool OnCookieAckReceived(TimeSpan now)
    {
        if (_state == SctpAssociationState.CookieEchoed)
        {
            if (_t1Attempts == 0)
            {
                OnPathRttSample(now - _t1SentAt);
            }

            EnterEstablished(now);
        }

        return true;
    }

    private void EnterEstablished(TimeSpan now)
    {
        _t1Deadline = TimeSpan.MaxValue;
        _cookieToEcho = null;
        _initChunk = null;
        TransitionTo(SctpAssociationState.Established);
        _heartbeatDeadline = now + _options.HeartbeatInterval;
        Emit(DeferredEventKind.Connected);
    }

    /// <summary>T1-init / T1-cookie expired: send again with a doubled timeout, or give up (§5.1 A, C).</summary>
    private void OnT1Expired(TimeSpan now)
    {
        _t1Attempts++;
        SctpLog.HandshakeTimerExpired(_logger, _name, _state == SctpAssociationState.CookieWait ? "T1-init" : "T1-cookie", _t1Attempts);
        if (_t1Attempts > _options.MaxInitRetransmissions)
        {
            Fail("handshake timed out");
            return;
        }

        _t1Rto = Min(_t1Rto * 2, _options.RtoMax);
        _t1Deadline = now + _t1Rto;
        if (_state == SctpAssociationState.CookieWait && _initChunk is not null)
        {
            _singlePackets.Enqueue((0, _initChunk));
        }
        else if (_state == SctpAssociationState.CookieEchoed && _cookieToEcho is not null)
        {
            _singlePackets.Enqueue((_peerTag, new CookieEchoChunk(_cookieToEcho)));
        }
        else
        {
            _t1Deadline = TimeSpan.MaxValue;
        }
    }
}

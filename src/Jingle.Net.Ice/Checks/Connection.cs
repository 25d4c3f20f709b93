using System.Globalization;
using System.Net;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Ice.Checks;

/// <summary>
/// One candidate pair: a local <see cref="Port"/> and a remote candidate (libjingle's Connection). It keeps the
/// RFC 8445 check state, libjingle's connect/read/write state (<c>CRW</c>), the outstanding checks, RTT and counters.
/// Sans-I/O apart from <see cref="Send"/>: the owner passes "now" in and decides when to check.
/// </summary>
internal sealed class Connection
{
    private const int MaxOutstandingPings = 16;
    private readonly PingRecord[] _pings = new PingRecord[MaxOutstandingPings];
    private int _pingCount;
    private RttEstimator _rtt = new();

    public Connection(int id, Port port, IceCandidate localCandidate, IceCandidate remoteCandidate, IPEndPoint remoteEndPoint)
    {
        Id = id;
        Port = port;
        LocalCandidate = localCandidate;
        RemoteCandidate = remoteCandidate;
        RemoteEndPoint = remoteEndPoint;
    }

    public int Id { get; }

    /// <summary>The peer's credentials generation this pair checks with.</summary>
    public Channel.RemoteGeneration? Generation { get; init; }

    /// <summary>
    /// The pair of an older remote generation on the same local port and remote address (a peer that kept its
    /// address across an ICE restart), or null. The owner looks pairs up by address and walks this chain.
    /// </summary>
    public Connection? OlderGeneration { get; set; }

    /// <summary>The remote generation's index (0 without one).</summary>
    public int RemoteGenerationIndex => Generation?.Index ?? 0;

    public Port Port { get; }

    /// <summary>The local candidate; updated from a response's mapped address (srflx or a new prflx), libwebrtc-style.</summary>
    public IceCandidate LocalCandidate { get; set; }

    /// <summary>The remote candidate; a prflx one is replaced when the same address is signaled later.</summary>
    public IceCandidate RemoteCandidate { get; set; }

    public IPEndPoint RemoteEndPoint { get; }

    public IceCheckState CheckState { get; set; } = IceCheckState.Frozen;

    /// <summary>
    /// The pair runs over a TCP connection (RFC 6544): a reliable transport, so a check is never retransmitted
    /// (RFC 6544 §7.1, RFC 8489 §6.2.2) — an unanswered one is waited for until the pair's connect timeout.
    /// </summary>
    public bool IsReliable => Port.Protocol == CandidateProtocol.Tcp;

    public ConnectionWriteState WriteState { get; private set; } = ConnectionWriteState.WriteConnect;

    /// <summary>The <c>C</c> of CRW: false once the pair failed or was pruned.</summary>
    public bool IsConnected { get; set; } = true;

    /// <summary>The <c>R</c> of CRW: something arrived within the receiving timeout.</summary>
    public bool Receiving { get; private set; }

    public bool Writable => WriteState == ConnectionWriteState.Writable;

    /// <summary>Nominated (RFC 8445 §8.1.1): by our USE-CANDIDATE check's success, or the peer's USE-CANDIDATE on a valid pair.</summary>
    public bool Nominated { get; set; }

    /// <summary>The peer sent USE-CANDIDATE on this pair (controlled side; takes effect once the pair is valid).</summary>
    public bool RemoteNominated { get; set; }

    /// <summary>Highest renomination value received (libwebrtc NOMINATION), 0 if none.</summary>
    public uint RemoteNomination { get; set; }

    /// <summary>Controlling side: a USE-CANDIDATE check is wanted on this pair.</summary>
    public bool NominationPending { get; set; }

    public long LastReceivedMs { get; private set; } = long.MinValue;

    public long LastResponseMs { get; private set; } = long.MinValue;

    public long LastPingSentMs { get; private set; } = long.MinValue;

    public long FirstUnansweredPingMs { get; private set; } = long.MinValue;

    public int UnansweredPings { get; private set; }

    /// <summary>Randomized consent-check factor for the next check on the selected pair (RFC 7675 §5.1).</summary>
    public double ConsentJitter { get; set; } = 1.0;

    public long RequestsSent { get; private set; }
    public long RequestsReceived { get; private set; }
    public long ResponsesSent { get; private set; }
    public long ResponsesReceived { get; private set; }
    public long ConsentRequestsSent { get; private set; }
    public long PacketsSent { get; private set; }
    public long PacketsReceived { get; private set; }
    public long BytesSent { get; private set; }
    public long BytesReceived { get; private set; }

    public double RttMilliseconds => _rtt.SmoothedMilliseconds;

    /// <summary>The foundation pair that groups pairs for freezing (RFC 8445 §6.1.2.6).</summary>
    public string FoundationKey => Port.PrimaryCandidate?.Foundation + "/" + RemoteCandidate.Foundation;

    public ulong Priority(IceRole role) => CandidatePairPriority.Compute(role, LocalCandidate.Priority, RemoteCandidate.Priority);

    /// <summary>Records a check sent with <paramref name="transactionId"/> at <paramref name="nowMs"/>.</summary>
    public void OnPingSent(ReadOnlySpan<byte> transactionId, long nowMs, bool useCandidate, bool consent, IceRole role)
    {
        if (_pingCount == MaxOutstandingPings)
        {
            Array.Copy(_pings, 1, _pings, 0, MaxOutstandingPings - 1);
            _pingCount--;
        }

        _pings[_pingCount++] = new PingRecord(TransactionKey.From(transactionId), nowMs, useCandidate, role);
        if (UnansweredPings == 0)
        {
            FirstUnansweredPingMs = nowMs;
        }

        UnansweredPings++;
        LastPingSentMs = nowMs;
        RequestsSent++;
        if (consent)
        {
            ConsentRequestsSent++;
        }

        if (CheckState is IceCheckState.Waiting or IceCheckState.Frozen)
        {
            CheckState = IceCheckState.InProgress;
        }
    }

    /// <summary>Finds (and removes) the outstanding check with <paramref name="transactionId"/>.</summary>
    /// <summary>Whether a check with <paramref name="transactionId"/> is outstanding on this pair.</summary>
    public bool HasPing(ReadOnlySpan<byte> transactionId)
    {
        TransactionKey key = TransactionKey.From(transactionId);
        for (int i = 0; i < _pingCount; i++)
        {
            if (_pings[i].Key == key)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryTakePing(ReadOnlySpan<byte> transactionId, out long sentMs, out bool useCandidate, out IceRole role)
    {
        TransactionKey key = TransactionKey.From(transactionId);
        for (int i = 0; i < _pingCount; i++)
        {
            if (_pings[i].Key == key)
            {
                sentMs = _pings[i].SentMs;
                useCandidate = _pings[i].UseCandidate;
                role = _pings[i].Role;
                Array.Copy(_pings, i + 1, _pings, i, _pingCount - i - 1);
                _pingCount--;
                return true;
            }
        }

        sentMs = 0;
        useCandidate = false;
        role = default;
        return false;
    }

    /// <summary>A valid success response arrived (RFC 8445 §7.2.5.3). Returns true when the write state changed.</summary>
    public bool OnSuccessResponse(long sentMs, long nowMs)
    {
        ResponsesReceived++;
        _rtt.AddSample(nowMs - sentMs);
        LastResponseMs = nowMs;
        UnansweredPings = 0;
        FirstUnansweredPingMs = long.MinValue;
        CheckState = IceCheckState.Succeeded;
        IsConnected = true;
        OnReceived(nowMs);
        return SetWriteState(ConnectionWriteState.Writable);
    }

    /// <summary>A check arrived from the peer. Returns true when the read state changed.</summary>
    public bool OnRequestReceived(long nowMs)
    {
        RequestsReceived++;
        return OnReceived(nowMs);
    }

    public void OnResponseSent() => ResponsesSent++;

    /// <summary>True when the peer's credentials for this pair are known, so checks can be sent.</summary>
    public bool HasRemoteCredentials => Generation?.HasCredentials ?? false;

    /// <summary>The USERNAME of our checks on this pair (cached; RFC 8445 §7.2.2 "remote:local", GICE "remotelocal").</summary>
    public byte[]? RequestUsername { get; set; }

    /// <summary>
    /// ICE-lite (RFC 8445 §7.3 for lite agents): a lite agent sends no checks, so a pair is valid — and its consent
    /// refreshed — when an authenticated check arrives on it.
    /// </summary>
    public bool OnLiteCheckReceived(long nowMs)
    {
        LastResponseMs = nowMs;
        CheckState = IceCheckState.Succeeded;
        IsConnected = true;
        return SetWriteState(ConnectionWriteState.Writable);
    }

    /// <summary>A data packet arrived on this pair.</summary>
    public bool OnDataReceived(int bytes, long nowMs)
    {
        PacketsReceived++;
        BytesReceived += bytes;
        return OnReceived(nowMs);
    }

    /// <summary>Sends a data packet on this pair through its port.</summary>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        if (!Port.SendTo(packet, RemoteEndPoint))
        {
            return false;
        }

        PacketsSent++;
        BytesSent += packet.Length;
        return true;
    }

    public void Fail()
    {
        CheckState = IceCheckState.Failed;
        SetWriteState(ConnectionWriteState.WriteTimeout);
        Receiving = false;
        IsConnected = false;
        NominationPending = false;
        _pingCount = 0;
    }

    /// <summary>Re-opens a failed pair for a triggered check (RFC 8445 §7.3.1.4).</summary>
    public void Revive()
    {
        if (CheckState == IceCheckState.Failed)
        {
            CheckState = IceCheckState.Waiting;
            IsConnected = true;
            WriteState = ConnectionWriteState.WriteConnect;
            UnansweredPings = 0;
            FirstUnansweredPingMs = long.MinValue;
        }
    }

    /// <summary>Applies time: the receiving timeout and the write state's decay. Returns true when a letter of CRW changed.</summary>
    public bool UpdateState(long nowMs, IceConfig config, out bool consentLost)
    {
        consentLost = false;
        bool changed = false;
        bool receiving = LastReceivedMs != long.MinValue && nowMs - LastReceivedMs < (long)config.ReceivingTimeout.TotalMilliseconds;
        if (receiving != Receiving)
        {
            Receiving = receiving;
            changed = true;
        }

        if (CheckState == IceCheckState.Failed)
        {
            return changed;
        }

        if (LastResponseMs != long.MinValue)
        {
            // A pair that worked: RFC 7675 consent. Unreliable ('w') after several unanswered checks, lost after 30 s.
            if (nowMs - LastResponseMs >= (long)config.ConsentTimeout.TotalMilliseconds)
            {
                consentLost = true;
                Fail();
                return true;
            }

            if (WriteState == ConnectionWriteState.Writable && UnansweredPings >= config.UnreliableAfterChecks
                && nowMs - FirstUnansweredPingMs >= (long)config.UnreliableAfter.TotalMilliseconds)
            {
                changed |= SetWriteState(ConnectionWriteState.WriteConnect);
            }
        }
        else if (FirstUnansweredPingMs != long.MinValue && nowMs - FirstUnansweredPingMs >= (long)config.ConnectTimeout.TotalMilliseconds)
        {
            Fail();
            return true;
        }

        return changed;
    }

    /// <summary>The time at which <see cref="UpdateState"/> could next change something, for the owner's timer.</summary>
    public long NextStateDeadline(IceConfig config)
    {
        long deadline = long.MaxValue;
        if (CheckState == IceCheckState.Failed)
        {
            return deadline;
        }

        if (Receiving)
        {
            deadline = LastReceivedMs + (long)config.ReceivingTimeout.TotalMilliseconds;
        }

        if (LastResponseMs != long.MinValue)
        {
            deadline = Math.Min(deadline, LastResponseMs + (long)config.ConsentTimeout.TotalMilliseconds);
            if (FirstUnansweredPingMs != long.MinValue && WriteState == ConnectionWriteState.Writable)
            {
                deadline = Math.Min(deadline, FirstUnansweredPingMs + (long)config.UnreliableAfter.TotalMilliseconds);
            }
        }
        else if (FirstUnansweredPingMs != long.MinValue)
        {
            deadline = Math.Min(deadline, FirstUnansweredPingMs + (long)config.ConnectTimeout.TotalMilliseconds);
        }

        return deadline;
    }

    public CandidatePairStats GetStats(IceRole role, bool selected) => new()
    {
        ConnectionId = Id,
        LocalCandidate = LocalCandidate,
        RemoteCandidate = RemoteCandidate,
        State = CheckState,
        WriteState = WriteState,
        Receiving = Receiving,
        Nominated = Nominated,
        Selected = selected,
        Priority = Priority(role),
        RequestsSent = RequestsSent,
        RequestsReceived = RequestsReceived,
        ResponsesSent = ResponsesSent,
        ResponsesReceived = ResponsesReceived,
        ConsentRequestsSent = ConsentRequestsSent,
        PacketsSent = PacketsSent,
        PacketsReceived = PacketsReceived,
        BytesSent = BytesSent,
        BytesReceived = BytesReceived,
        CurrentRoundTripTimeMs = _rtt.SampleCount > 0 ? _rtt.SmoothedMilliseconds : null,
        TotalRoundTripTimeMs = _rtt.TotalMilliseconds,
        RoundTripTimeMeasurements = _rtt.SampleCount,
        Description = ToString(),
    };

    /// <summary>The three letters: connect (<c>C</c>/<c>-</c>), read (<c>R</c>/<c>-</c>), write (<c>W</c>/<c>w</c>/<c>-</c>).</summary>
    public string StateLetters => string.Create(3, this, static (span, c) =>
    {
        span[0] = c.IsConnected ? 'C' : '-';
        span[1] = c.Receiving ? 'R' : '-';
        span[2] = c.WriteState switch
        {
            ConnectionWriteState.Writable => 'W',
            ConnectionWriteState.WriteConnect => 'w',
            _ => '-',
        };
    });

    /// <summary>
    /// libjingle's shape:
    /// <c>Conn[&lt;id&gt;:&lt;content&gt;:&lt;local type&gt;:&lt;network&gt;:&lt;port&gt;-&gt;&lt;content&gt;:&lt;remote type&gt;:&lt;address&gt;:&lt;port&gt;|CRW|udp]</c>.
    /// </summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"Conn[{Id}:{Port.ContentName}:{LocalCandidate.Type.ToLibjingleString()}:{Port.Network.Name}:{LocalCandidate.Port}->{Port.ContentName}:{RemoteCandidate.Type.ToLibjingleString()}:{RemoteCandidate.Host}:{RemoteCandidate.Port}|{StateLetters}|{LocalCandidate.Protocol.ToWireString()}]");

    private bool OnReceived(long nowMs)
    {
        LastReceivedMs = nowMs;
        if (!Receiving)
        {
            Receiving = true;
            return true;
        }

        return false;
    }

    private bool SetWriteState(ConnectionWriteState state)
    {
        if (WriteState == state)
        {
            return false;
        }

        WriteState = state;
        return true;
    }

    private readonly record struct PingRecord(TransactionKey Key, long SentMs, bool UseCandidate, IceRole Role);
}

namespace Jingle.Net.Ice.Transport;

/// <summary>
/// One end of a <see cref="PacketTransportPair"/>. Thread-safe: <see cref="Send"/> may be called from any thread.
/// </summary>
public sealed class InMemoryPacketTransport : IPacketTransport
{
    private readonly PacketTransportPair _pair;
    private volatile bool _writable;
    private long _sent;
    private long _lost;
    private long _received;
    private long _refused;

    internal InMemoryPacketTransport(PacketTransportPair pair, string name)
    {
        _pair = pair;
        TransportName = name;
        _writable = pair.Options.InitiallyWritable;
    }

    /// <summary>The other end.</summary>
    public InMemoryPacketTransport Peer { get; internal set; } = null!;

    /// <inheritdoc/>
    public string TransportName { get; }

    /// <inheritdoc/>
    public bool IsWritable => _writable;

    /// <summary>Drops the packets it returns true for (before loss and delay). Set it to lose one chosen packet.</summary>
    public PacketFilter? DropFilter { get; set; }

    /// <summary>Packets sent (accepted by <see cref="Send"/>).</summary>
    public long SentCount => Interlocked.Read(ref _sent);

    /// <summary>Packets lost to <see cref="DropFilter"/> or the loss rate.</summary>
    public long LostCount => Interlocked.Read(ref _lost);

    /// <summary>Packets delivered to this end.</summary>
    public long ReceivedCount => Interlocked.Read(ref _received);

    /// <summary>Sends refused because this end was not writable.</summary>
    public long RefusedCount => Interlocked.Read(ref _refused);

    /// <inheritdoc/>
    public event Action<IPacketTransport>? WritableStateChanged;

    /// <inheritdoc/>
    public event TransportPacketHandler? PacketReceived;

    /// <summary>Makes this end (not) writable and raises <see cref="WritableStateChanged"/> when it changes.</summary>
    public void SetWritable(bool writable)
    {
        if (_writable == writable)
        {
            return;
        }

        _writable = writable;
        WritableStateChanged?.Invoke(this);
    }

    /// <inheritdoc/>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        if (!_writable)
        {
            Interlocked.Increment(ref _refused);
            return false;
        }

        Interlocked.Increment(ref _sent);
        if ((DropFilter is { } filter && filter(packet)) || _pair.ShouldLose())
        {
            Interlocked.Increment(ref _lost);
            return true; // the network lost it; the sender cannot tell
        }

        PacketTransportPairOptions options = _pair.Options;
        if (options.Delay == TimeSpan.Zero && options.DeliveryThread is null)
        {
            Peer.Deliver(packet);
            return true;
        }

        byte[] copy = packet.ToArray();
        if (options.Delay == TimeSpan.Zero)
        {
            options.DeliveryThread!.Post(static s => s.Target.Deliver(s.Packet), new Pending(Peer, copy));
        }
        else
        {
            var pending = new Pending(Peer, copy);
            pending.Timer = _pair.Time.CreateTimer(static s => ((Pending)s!).Fire(), pending, options.Delay, Timeout.InfiniteTimeSpan);
        }

        return true;
    }

    private void Deliver(ReadOnlySpan<byte> packet)
    {
        Interlocked.Increment(ref _received);
        PacketReceived?.Invoke(this, packet, _pair.Time.GetTimestamp());
    }

    private sealed class Pending(InMemoryPacketTransport target, byte[] packet)
    {
        public InMemoryPacketTransport Target => target;

        public byte[] Packet => packet;

        public ITimer? Timer { get; set; }

        public void Fire()
        {
            Timer?.Dispose();
            if (target._pair.Options.DeliveryThread is { } thread)
            {
                thread.Post(static s => s.Target.Deliver(s.Packet), this);
            }
            else
            {
                target.Deliver(packet);
            }
        }
    }
}

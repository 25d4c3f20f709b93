namespace Jingle.Net.Base.Virtual;

/// <summary>Packet counters of a <see cref="VirtualNetwork"/> (UDP datagrams; TCP is reliable and not counted). Thread-safe.</summary>
public sealed class VirtualNetworkStatistics
{
    private readonly long[] _dropped = new long[Enum.GetValues<VirtualDropReason>().Length];
    private long _sent;
    private long _delivered;
    private long _bytesDelivered;
    private long _duplicated;
    private long _reordered;

    /// <summary>Datagrams handed to the network by sockets.</summary>
    public long PacketsSent => Interlocked.Read(ref _sent);

    /// <summary>Datagrams handed to a socket (duplicates count twice).</summary>
    public long PacketsDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Payload bytes handed to sockets.</summary>
    public long BytesDelivered => Interlocked.Read(ref _bytesDelivered);

    /// <summary>Extra copies made by <see cref="LinkConditions.DuplicateRate"/>.</summary>
    public long PacketsDuplicated => Interlocked.Read(ref _duplicated);

    /// <summary>Datagrams held back by <see cref="LinkConditions.ReorderRate"/>.</summary>
    public long PacketsReordered => Interlocked.Read(ref _reordered);

    /// <summary>All dropped datagrams, whatever the reason.</summary>
    public long PacketsDropped
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _dropped.Length; i++)
            {
                total += Interlocked.Read(ref _dropped[i]);
            }

            return total;
        }
    }

    /// <summary>Datagrams dropped for <paramref name="reason"/>.</summary>
    public long GetDropped(VirtualDropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    internal void OnSent() => Interlocked.Increment(ref _sent);

    internal void OnDelivered(int bytes)
    {
        Interlocked.Increment(ref _delivered);
        Interlocked.Add(ref _bytesDelivered, bytes);
    }

    internal void OnDuplicated() => Interlocked.Increment(ref _duplicated);

    internal void OnReordered() => Interlocked.Increment(ref _reordered);

    internal void OnDropped(VirtualDropReason reason) => Interlocked.Increment(ref _dropped[(int)reason]);

    public override string ToString()
    {
        var parts = Enum.GetValues<VirtualDropReason>()
            .Where(r => GetDropped(r) > 0)
            .Select(r => FormattableString.Invariant($"{r} {GetDropped(r)}"));
        return FormattableString.Invariant($"sent {PacketsSent}, delivered {PacketsDelivered} ({BytesDelivered} B), duplicated {PacketsDuplicated}, reordered {PacketsReordered}, dropped {PacketsDropped} [{string.Join(", ", parts)}]");
    }
}

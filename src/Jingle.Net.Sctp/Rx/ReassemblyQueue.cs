using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp.Rx;

/// <summary>
/// Turns received DATA fragments into messages (RFC 9260 §6.9: fragments of a message carry consecutive TSNs) and
/// delivers them in SSN order per stream, or at once when unordered (§6.6). Fragments wait in a ring indexed by TSN;
/// complete messages are handed over in pooled buffers whose ownership passes to <see cref="MessageReady"/>.
/// </summary>
internal sealed class ReassemblyQueue(Internal.BufferPool pool)
{
    private Fragment[] _ring = new Fragment[256];
    private int _mask = 255;
    private int _stored;
    private uint _lowest;
    private uint _highest;
    private readonly Dictionary<ushort, InboundStream> _streams = [];

    /// <summary>Receives (stream, ppid, pooled buffer, length); the receiver returns the buffer to the association's pool.</summary>
    public Action<ushort, uint, byte[], int>? MessageReady { get; set; }

    /// <summary>Bytes held (fragments and complete messages waiting for an earlier SSN): counts against a_rwnd.</summary>
    public long QueuedBytes { get; private set; }

    public void Add(uint tsn, in DataChunk chunk)
    {
        ReadOnlySpan<byte> data = chunk.UserData;
        byte flags = chunk.Flags;
        if ((flags & (DataChunk.FlagBeginning | DataChunk.FlagEnding)) == (DataChunk.FlagBeginning | DataChunk.FlagEnding))
        {
            byte[] buffer = pool.Rent(Math.Max(1, data.Length));
            data.CopyTo(buffer);
            OnComplete(chunk.StreamId, chunk.Ssn, chunk.Ppid, chunk.IsUnordered, buffer, data.Length);
            return;
        }

        if (_stored == 0)
        {
            _lowest = _highest = tsn;
        }
        else
        {
            while (!(_ring[_lowest & _mask].Present && _ring[_lowest & _mask].Tsn == _lowest))
            {
                _lowest++;
            }

            uint low = SerialNumber.Lt(tsn, _lowest) ? tsn : _lowest;
            uint high = SerialNumber.Gt(tsn, _highest) ? tsn : _highest;
            EnsureCapacity(high - low + 1);
            _lowest = low;
            _highest = high;
        }

        ref Fragment f = ref _ring[tsn & _mask];
        byte[] copy = pool.Rent(Math.Max(1, data.Length));
        data.CopyTo(copy);
        f = new Fragment(true, flags, chunk.StreamId, chunk.Ssn, chunk.Ppid, copy, data.Length) { Tsn = tsn };
        _stored++;
        QueuedBytes += data.Length;
        TryAssemble(tsn);
    }

    private void EnsureCapacity(uint span)
    {
        if (span <= (uint)_ring.Length)
        {
            return;
        }

        int size = _ring.Length;
        while ((uint)size < span)
        {
            size *= 2;
        }

        var bigger = new Fragment[size];
        int mask = size - 1;
        foreach (Fragment f in _ring)
        {
            if (f.Present)
            {
                // Recover the TSN: fragments live within one ring span of _lowest.
                bigger[(f.Tsn) & mask] = f;
            }
        }

        _ring = bigger;
        _mask = mask;
    }

    private void TryAssemble(uint tsn)
    {
        ref Fragment at = ref _ring[tsn & _mask];
        uint first = tsn;
        while ((_ring[first & _mask].Flags & DataChunk.FlagBeginning) == 0)
        {
            uint prev = first - 1;
            ref Fragment p = ref _ring[prev & _mask];
            if (!p.Present || p.Tsn != prev || p.StreamId != at.StreamId || (p.Flags & DataChunk.FlagEnding) != 0)
            {
                return;
            }

            first = prev;
        }

        uint last = tsn;
        int total = 0;
        while ((_ring[last & _mask].Flags & DataChunk.FlagEnding) == 0)
        {
            uint next = last + 1;
            ref Fragment n = ref _ring[next & _mask];
            if (!n.Present || n.Tsn != next || n.StreamId != at.StreamId || (n.Flags & DataChunk.FlagBeginning) != 0)
            {
                return;
            }

            last = next;
        }

        for (uint t = first; t != last + 1; t++)
        {
            total += _ring[t & _mask].Length;
        }

        byte[] buffer = pool.Rent(Math.Max(1, total));
        int offset = 0;
        ref Fragment head = ref _ring[first & _mask];
        ushort stream = head.StreamId;
        ushort ssn = head.Ssn;
        uint ppid = head.Ppid;
        bool unordered = (head.Flags & DataChunk.FlagUnordered) != 0;
        for (uint t = first; t != last + 1; t++)
        {
            ref Fragment f = ref _ring[t & _mask];
            f.Data.AsSpan(0, f.Length).CopyTo(buffer.AsSpan(offset));
            offset += f.Length;
            Remove(ref f);
        }

        OnComplete(stream, ssn, ppid, unordered, buffer, total);
    }

    private void Remove(ref Fragment f)
    {
        pool.Return(f.Data);
        QueuedBytes -= f.Length;
        f = default;
        _stored--;
    }

    private void OnComplete(ushort streamId, ushort ssn, uint ppid, bool unordered, byte[] buffer, int length)
    {
        if (unordered)
        {
            MessageReady?.Invoke(streamId, ppid, buffer, length);
            return;
        }

        if (!_streams.TryGetValue(streamId, out InboundStream? stream))
        {
            stream = new InboundStream();
            _streams.Add(streamId, stream);
        }

        if (ssn == stream.NextSsn)
        {
            stream.NextSsn++;
            MessageReady?.Invoke(streamId, ppid, buffer, length);
            DeliverPending(streamId, stream);
        }
        else if (SerialNumber.Gt(ssn, stream.NextSsn))
        {
            int i = stream.Pending.Count;
            while (i > 0 && SerialNumber.Gt(stream.Pending[i - 1].Ssn, ssn))
            {
                i--;
            }

            stream.Pending.Insert(i, new PendingMessage(ssn, ppid, buffer, length));
            QueuedBytes += length;
        }
        else
        {
            pool.Return(buffer); // stale SSN (after a FORWARD-TSN or reset)
        }
    }

    private void DeliverPending(ushort streamId, InboundStream stream)
    {
        while (stream.Pending.Count > 0 && SerialNumber.Le(stream.Pending[0].Ssn, stream.NextSsn))
        {
            PendingMessage m = stream.Pending[0];
            stream.Pending.RemoveAt(0);
            QueuedBytes -= m.Length;
            if (m.Ssn == stream.NextSsn)
            {
                stream.NextSsn++;
                MessageReady?.Invoke(streamId, m.Ppid, m.Buffer, m.Length);
            }
            else
            {
                pool.Return(m.Buffer);
            }
        }
    }

    /// <summary>RFC 3758 §3.6: drops fragments up to <paramref name="newCumulativeTsn"/> and skips SSNs.</summary>
    public void HandleForwardTsn(uint newCumulativeTsn, IReadOnlyList<ForwardTsnChunk.SkippedStream> skipped)
    {
        if (_stored > 0)
        {
            for (int i = 0; i < _ring.Length; i++)
            {
                ref Fragment f = ref _ring[i];
                if (f.Present && SerialNumber.Le(f.Tsn, newCumulativeTsn))
                {
                    Remove(ref f);
                }
            }

            if (SerialNumber.Le(_lowest, newCumulativeTsn))
            {
                _lowest = newCumulativeTsn + 1;
            }
        }

        foreach (ForwardTsnChunk.SkippedStream s in skipped)
        {
            if (!_streams.TryGetValue(s.StreamId, out InboundStream? stream))
            {
                stream = new InboundStream();
                _streams.Add(s.StreamId, stream);
            }

            if (SerialNumber.Ge(s.Ssn, stream.NextSsn))
            {
                stream.NextSsn = (ushort)(s.Ssn + 1);
                DeliverPending(s.StreamId, stream);
            }
        }
    }

    /// <summary>RFC 6525 §5.2.2: an incoming stream was reset; its SSNs restart at 0.</summary>
    public void ResetStream(ushort streamId)
    {
        if (_streams.Remove(streamId, out InboundStream? stream))
        {
            foreach (PendingMessage m in stream.Pending)
            {
                QueuedBytes -= m.Length;
                pool.Return(m.Buffer);
            }
        }
    }

    public void Clear()
    {
        for (int i = 0; i < _ring.Length; i++)
        {
            if (_ring[i].Present)
            {
                Remove(ref _ring[i]);
            }
        }

        foreach (ushort id in _streams.Keys.ToArray())
        {
            ResetStream(id);
        }

        QueuedBytes = 0;
    }

    private struct Fragment(bool present, byte flags, ushort streamId, ushort ssn, uint ppid, byte[] data, int length)
    {
        public bool Present = present;
        public byte Flags = flags;
        public ushort StreamId = streamId;
        public ushort Ssn = ssn;
        public uint Ppid = ppid;
        public byte[] Data = data;
        public int Length = length;
        public uint Tsn;
    }

    private sealed class InboundStream
    {
        public ushort NextSsn;
        public readonly List<PendingMessage> Pending = [];
    }

    private readonly record struct PendingMessage(ushort Ssn, uint Ppid, byte[] Buffer, int Length);
}

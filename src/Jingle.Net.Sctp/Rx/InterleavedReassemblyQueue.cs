using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp.Rx;

/// <summary>
/// Reassembly for I-DATA (RFC 8260): fragments are keyed by (stream, U flag, Message Identifier) and ordered by
/// Fragment Sequence Number, so messages of different streams may interleave; ordered messages are delivered in MID
/// order per stream. Allocates one small record per message in flight (I-DATA is optional and off by default).
/// </summary>
internal sealed class InterleavedReassemblyQueue(Internal.BufferPool pool)
{
    private readonly Dictionary<(ushort Stream, bool Unordered, uint Mid), Partial> _partials = [];
    private readonly Dictionary<ushort, InboundStream> _streams = [];

    public Action<ushort, uint, byte[], int>? MessageReady { get; set; }

    public long QueuedBytes { get; private set; }

    public void Add(in IDataChunk chunk)
    {
        var key = (chunk.StreamId, chunk.IsUnordered, chunk.Mid);
        if (!chunk.IsUnordered && _streams.TryGetValue(chunk.StreamId, out InboundStream? s) && SerialNumber.Lt(chunk.Mid, s.NextMid))
        {
            return; // already delivered or skipped
        }

        if (!_partials.TryGetValue(key, out Partial? partial))
        {
            partial = new Partial();
            _partials.Add(key, partial);
        }

        uint fsn = chunk.Fsn;
        int i = partial.Fragments.Count;
        while (i > 0 && partial.Fragments[i - 1].Fsn > fsn)
        {
            i--;
        }

        if (i > 0 && partial.Fragments[i - 1].Fsn == fsn)
        {
            return; // duplicate fragment
        }

        if (chunk.IsBeginning)
        {
            partial.Ppid = chunk.PpidOrFsn;
            partial.HasBeginning = true;
        }

        if (chunk.IsEnding)
        {
            partial.EndFsn = fsn;
            partial.HasEnding = true;
        }

        byte[] copy = pool.Rent(Math.Max(1, chunk.UserData.Length));
        chunk.UserData.CopyTo(copy);
        partial.Fragments.Insert(i, new Fragment(fsn, copy, chunk.UserData.Length));
        partial.Bytes += chunk.UserData.Length;
        QueuedBytes += chunk.UserData.Length;

        if (partial.HasBeginning && partial.HasEnding && partial.Fragments.Count == partial.EndFsn + 1)
        {
            _partials.Remove(key);
            byte[] buffer = pool.Rent(Math.Max(1, partial.Bytes));
            int offset = 0;
            foreach (Fragment f in partial.Fragments)
            {
                f.Data.AsSpan(0, f.Length).CopyTo(buffer.AsSpan(offset));
                offset += f.Length;
                pool.Return(f.Data);
            }

            QueuedBytes -= partial.Bytes;
            OnComplete(chunk.StreamId, chunk.IsUnordered, chunk.Mid, partial.Ppid, buffer, partial.Bytes);
        }
    }

    private void OnComplete(ushort streamId, bool unordered, uint mid, uint ppid, byte[] buffer, int length)
    {
        if (unordered)
        {
            MessageReady?.Invoke(streamId, ppid, buffer, length);
            return;
        }

        InboundStream stream = GetStream(streamId);
        if (mid == stream.NextMid)
        {
            stream.NextMid++;
            MessageReady?.Invoke(streamId, ppid, buffer, length);
            DeliverPending(streamId, stream);
            return;
        }

        int i = stream.Pending.Count;
        while (i > 0 && SerialNumber.Gt(stream.Pending[i - 1].Mid, mid))
        {
            i--;
        }

        stream.Pending.Insert(i, new PendingMessage(mid, ppid, buffer, length));
        QueuedBytes += length;
    }

    private InboundStream GetStream(ushort id)
    {
        if (!_streams.TryGetValue(id, out InboundStream? stream))
        {
            stream = new InboundStream();
            _streams.Add(id, stream);
        }

        return stream;
    }

    private void DeliverPending(ushort streamId, InboundStream stream)
    {
        while (stream.Pending.Count > 0 && SerialNumber.Le(stream.Pending[0].Mid, stream.NextMid))
        {
            PendingMessage m = stream.Pending[0];
            stream.Pending.RemoveAt(0);
            QueuedBytes -= m.Length;
            if (m.Mid == stream.NextMid)
            {
                stream.NextMid++;
                MessageReady?.Invoke(streamId, m.Ppid, m.Buffer, m.Length);
            }
            else
            {
                pool.Return(m.Buffer);
            }
        }
    }

    /// <summary>RFC 8260 §2.3.2: drops partial messages up to each skipped MID and moves ordered streams past them.</summary>
    public void HandleForwardTsn(IReadOnlyList<IForwardTsnChunk.SkippedMessage> skipped)
    {
        foreach (IForwardTsnChunk.SkippedMessage s in skipped)
        {
            DropPartials(key => key.Stream == s.StreamId && key.Unordered == s.Unordered && SerialNumber.Le(key.Mid, s.Mid));
            if (!s.Unordered)
            {
                InboundStream stream = GetStream(s.StreamId);
                if (SerialNumber.Ge(s.Mid, stream.NextMid))
                {
                    stream.NextMid = s.Mid + 1;
                    DeliverPending(s.StreamId, stream);
                }
            }
        }
    }

    private void DropPartials(Func<(ushort Stream, bool Unordered, uint Mid), bool> match)
    {
        foreach (var key in _partials.Keys.Where(match).ToArray())
        {
            _partials.Remove(key, out Partial? partial);
            foreach (Fragment f in partial!.Fragments)
            {
                pool.Return(f.Data);
            }

            QueuedBytes -= partial.Bytes;
        }
    }

    public void ResetStream(ushort streamId)
    {
        DropPartials(key => key.Stream == streamId);
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
        DropPartials(_ => true);
        foreach (ushort id in _streams.Keys.ToArray())
        {
            ResetStream(id);
        }

        QueuedBytes = 0;
    }

    private sealed class Partial
    {
        public readonly List<Fragment> Fragments = [];
        public uint Ppid;
        public bool HasBeginning;
        public bool HasEnding;
        public uint EndFsn;
        public int Bytes;
    }

    private readonly record struct Fragment(uint Fsn, byte[] Data, int Length);

    private sealed class InboundStream
    {
        public uint NextMid;
        public readonly List<PendingMessage> Pending = [];
    }

    private readonly record struct PendingMessage(uint Mid, uint Ppid, byte[] Buffer, int Length);
}

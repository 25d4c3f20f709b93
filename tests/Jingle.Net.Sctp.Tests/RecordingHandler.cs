using Jingle.Net.Sctp;

namespace Jingle.Net.Sctp.Tests;

/// <summary>Records what an association reports, and checks a numbered message stream arrives intact and in order.</summary>
internal sealed class RecordingHandler : ISctpAssociationHandler
{
    public int Connected { get; private set; }

    public int Closed { get; private set; }

    public int Restarted { get; private set; }

    public List<string> Aborts { get; } = [];

    public List<string> Errors { get; } = [];

    public List<(ushort Stream, uint Ppid, byte[] Data)> Messages { get; } = [];

    public List<ushort> IncomingResets { get; } = [];

    public List<ushort> ResetsPerformed { get; } = [];

    public List<ushort> BufferedAmountLow { get; } = [];

    /// <summary>When set, message payloads are not kept (big transfers); only counted and checked.</summary>
    public bool CountOnly { get; init; }

    public long BytesReceived { get; private set; }

    public long MessageCount { get; private set; }

    /// <summary>Set when a numbered message (see <see cref="Payloads"/>) arrives out of order or corrupted.</summary>
    public string? IntegrityError { get; private set; }

    private long _nextIndex;

    public Action<ushort, uint, byte[]>? OnMessage { get; set; }

    public void OnConnected() => Connected++;

    public void OnMessageReceived(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
    {
        MessageCount++;
        BytesReceived += payload.Length;
        if (CountOnly)
        {
            if (IntegrityError is null && !Payloads.Check(payload, _nextIndex++))
            {
                IntegrityError = $"message {_nextIndex - 1} corrupted or out of order";
            }

            return;
        }

        byte[] copy = payload.ToArray();
        Messages.Add((streamId, ppid, copy));
        OnMessage?.Invoke(streamId, ppid, copy);
    }

    public void OnClosed() => Closed++;

    public void OnAborted(string reason) => Aborts.Add(reason);

    public void OnConnectionRestarted() => Restarted++;

    public void OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds) => IncomingResets.AddRange(streamIds.ToArray());

    public void OnStreamsResetPerformed(ReadOnlySpan<ushort> streamIds) => ResetsPerformed.AddRange(streamIds.ToArray());

    public void OnBufferedAmountLow(ushort streamId) => BufferedAmountLow.Add(streamId);

    public void OnError(string message) => Errors.Add(message);
}

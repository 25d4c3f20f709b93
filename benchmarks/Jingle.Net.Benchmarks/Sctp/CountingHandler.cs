using Jingle.Net.Sctp;

namespace Jingle.Net.Benchmarks.Sctp;

/// <summary>Counts what arrives; checks each message's first byte against the expected sequence.</summary>
internal sealed class CountingHandler : ISctpAssociationHandler
{
    public bool Connected { get; private set; }

    public long Messages { get; private set; }

    public long Bytes { get; private set; }

    public bool OutOfOrder { get; private set; }

    public void OnConnected() => Connected = true;

    public void OnMessageReceived(ushort streamId, uint ppid, ReadOnlySpan<byte> payload)
    {
        if (payload[0] != (byte)Messages)
        {
            OutOfOrder = true;
        }

        Messages++;
        Bytes += payload.Length;
    }

    public void OnClosed()
    {
    }

    public void OnAborted(string reason) => throw new InvalidOperationException(reason);

    public void OnConnectionRestarted()
    {
    }

    public void OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
    {
    }

    public void OnStreamsResetPerformed(ReadOnlySpan<ushort> streamIds)
    {
    }

    public void OnBufferedAmountLow(ushort streamId)
    {
    }

    public void OnError(string message)
    {
    }
}

using System.Buffers.Binary;
using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>The common layout of INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3).</summary>
internal abstract class InitChunkBase(uint initiateTag, uint advertisedReceiverWindow, ushort outboundStreams, ushort inboundStreams,
    uint initialTsn, IReadOnlyList<SctpParameter> parameters) : SctpChunk
{
    protected const int FixedLength = 16;

    public uint InitiateTag { get; } = initiateTag;

    public uint AdvertisedReceiverWindow { get; } = advertisedReceiverWindow;

    public ushort OutboundStreams { get; } = outboundStreams;

    public ushort InboundStreams { get; } = inboundStreams;

    public uint InitialTsn { get; } = initialTsn;

    public IReadOnlyList<SctpParameter> Parameters { get; } = parameters;

    public T? GetParameter<T>() where T : SctpParameter
    {
        foreach (SctpParameter p in Parameters)
        {
            if (p is T t)
            {
                return t;
            }
        }

        return null;
    }

    protected override int GetValueLength() => FixedLength + SctpParameter.GetSerializedLength(Parameters);

    protected override void WriteValue(Span<byte> value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(value, InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], AdvertisedReceiverWindow);
        BinaryPrimitives.WriteUInt16BigEndian(value[8..], OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(value[10..], InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(value[12..], InitialTsn);
        SctpParameter.TryWriteAll(Parameters, value[FixedLength..], out _);
    }

    protected static bool TryParseFixed(ReadOnlySpan<byte> value, out uint tag, out uint rwnd, out ushort os, out ushort mis, out uint tsn, out List<SctpParameter> parameters)
    {
        tag = rwnd = tsn = 0;
        os = mis = 0;
        parameters = [];
        if (value.Length < FixedLength)
        {
            return false;
        }

        tag = BinaryPrimitives.ReadUInt32BigEndian(value);
        rwnd = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        os = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        mis = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        tsn = BinaryPrimitives.ReadUInt32BigEndian(value[12..]);

        // The last parameter may omit its padding (the chunk length excludes it).
        return SctpParameter.TryParseAll(value[FixedLength..], parameters);
    }
}

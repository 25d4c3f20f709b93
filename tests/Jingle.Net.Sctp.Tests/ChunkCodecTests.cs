using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Sctp.Chunks;
using Jingle.Net.Sctp.Packet;
using Jingle.Net.Sctp.Parameters;

namespace Jingle.Net.Sctp.Tests;

public sealed class ChunkCodecTests
{
    private static SctpChunkView ViewOf(byte[] bytes, out byte[] keep)
    {
        keep = bytes;
        int length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2));
        return new SctpChunkView(bytes[0], bytes[1], bytes.AsSpan(4, length - 4));
    }

    /// <summary>Serializes, parses back and serializes again: both byte strings must match.</summary>
    private static bool RoundTrips(SctpChunk chunk)
    {
        byte[] bytes = chunk.ToArray();
        if (bytes.Length % 4 != 0)
        {
            return false;
        }

        SctpChunkView view = ViewOf(bytes, out _);
        return ControlChunkParser.TryParse(view.Type, view.Flags, view.Value, out SctpChunk? parsed)
            && parsed!.GetType() == chunk.GetType()
            && parsed.ToArray().AsSpan().SequenceEqual(bytes);
    }

    [Property]
    public bool Data_RoundTrips(uint tsn, ushort stream, ushort ssn, uint ppid, byte flags, byte[] data)
    {
        byte[] payload = [0x42, .. data];
        byte[] buffer = new byte[DataChunk.HeaderLength + payload.Length + 3];
        flags &= 0x0F;
        Assert.True(DataChunk.TryWrite(buffer, tsn, stream, ssn, ppid, flags, payload, out int written));
        Assert.Equal(0, written % 4);
        SctpChunkView view = ViewOf(buffer, out _);
        Assert.Equal(ChunkType.Data, view.Type);
        Assert.True(DataChunk.TryParse(view.Flags, view.Value, out DataChunk d));
        return d.Tsn == tsn && d.StreamId == stream && d.Ssn == ssn && d.Ppid == ppid && d.Flags == flags && d.UserData.SequenceEqual(payload)
            && d.IsBeginning == ((flags & 2) != 0) && d.IsEnding == ((flags & 1) != 0) && d.IsUnordered == ((flags & 4) != 0);
    }

    [Property]
    public bool IData_RoundTrips(uint tsn, ushort stream, uint mid, uint ppidOrFsn, byte flags, byte[] data)
    {
        byte[] payload = [7, .. data];
        byte[] buffer = new byte[IDataChunk.HeaderLength + payload.Length + 3];
        flags &= 0x0F;
        Assert.True(IDataChunk.TryWrite(buffer, tsn, stream, mid, ppidOrFsn, flags, payload, out _));
        SctpChunkView view = ViewOf(buffer, out _);
        Assert.Equal(ChunkType.IData, view.Type);
        Assert.True(IDataChunk.TryParse(view.Flags, view.Value, out IDataChunk d));
        return d.Tsn == tsn && d.StreamId == stream && d.Mid == mid && d.PpidOrFsn == ppidOrFsn && d.Flags == flags && d.UserData.SequenceEqual(payload);
    }

    [Property]
    public bool Sack_RoundTrips(uint cum, uint rwnd, (ushort, ushort)[] gaps, uint[] dups)
    {
        GapAckBlock[] blocks = gaps.Take(50).Select(g => new GapAckBlock(g.Item1, g.Item2)).ToArray();
        uint[] duplicates = dups.Take(50).ToArray();
        byte[] buffer = new byte[SackChunk.GetSerializedLength(blocks.Length, duplicates.Length)];
        Assert.True(SackChunk.TryWrite(buffer, cum, rwnd, blocks, duplicates, out _));
        SctpChunkView view = ViewOf(buffer, out _);
        Assert.True(SackChunk.TryParse(view.Value, out SackChunk s));
        if (s.CumulativeTsnAck != cum || s.AdvertisedReceiverWindow != rwnd || s.GapAckBlockCount != blocks.Length || s.DuplicateTsnCount != duplicates.Length)
        {
            return false;
        }

        for (int i = 0; i < blocks.Length; i++)
        {
            if (s.GetGapAckBlock(i) != blocks[i])
            {
                return false;
            }
        }

        for (int i = 0; i < duplicates.Length; i++)
        {
            if (s.GetDuplicateTsn(i) != duplicates[i])
            {
                return false;
            }
        }

        return true;
    }

    [Property]
    public bool Init_WithParameters_RoundTrips(uint tag, uint rwnd, ushort os, ushort mis, uint tsn, byte[] cookie, bool zeroChecksum, ushort unknownType, byte[] unknownValue)
    {
        var parameters = new List<SctpParameter>
        {
            new SupportedExtensionsParameter([(byte)ChunkType.ReConfig, (byte)ChunkType.ForwardTsn]),
            new ForwardTsnSupportedParameter(),
            new UnknownParameter((ushort)(unknownType | 0x4000 & ~0x8000 | 0x100), unknownValue),
        };
        if (zeroChecksum)
        {
            parameters.Add(new ZeroChecksumAcceptableParameter(ZeroChecksumAcceptableParameter.Dtls));
        }

        var ackParameters = new List<SctpParameter>(parameters) { new StateCookieParameter(cookie) };
        return RoundTrips(new InitChunk(tag, rwnd, os, mis, tsn, parameters)) && RoundTrips(new InitAckChunk(tag, rwnd, os, mis, tsn, ackParameters));
    }

    [Property]
    public bool SimpleChunks_RoundTrip(byte[] info, uint cum, bool t, byte[] cookie, ushort causeCode, byte[] causeValue)
    {
        var causes = new List<ErrorCause> { new((ErrorCauseCode)causeCode, causeValue), ErrorCause.Create(ErrorCauseCode.UserInitiatedAbort, "bye") };
        return RoundTrips(new HeartbeatRequestChunk(new HeartbeatInfoParameter(info)))
            && RoundTrips(new HeartbeatAckChunk(new HeartbeatInfoParameter(info)))
            && RoundTrips(new AbortChunk(t, causes))
            && RoundTrips(new ErrorChunk(causes))
            && RoundTrips(new ShutdownChunk(cum))
            && RoundTrips(ShutdownAckChunk.Instance)
            && RoundTrips(new ShutdownCompleteChunk(t))
            && RoundTrips(new CookieEchoChunk(cookie))
            && RoundTrips(CookieAckChunk.Instance);
    }

    [Property]
    public bool ForwardTsn_RoundTrips(uint cum, (ushort, ushort)[] streams, (ushort, bool, uint)[] messages)
    {
        return RoundTrips(new ForwardTsnChunk(cum, streams.Select(s => new ForwardTsnChunk.SkippedStream(s.Item1, s.Item2)).ToList()))
            && RoundTrips(new IForwardTsnChunk(cum, messages.Select(m => new IForwardTsnChunk.SkippedMessage(m.Item1, m.Item2, m.Item3)).ToList()));
    }

    [Property]
    public bool ReConfig_RoundTrips(uint req, uint resp, uint lastTsn, ushort[] streams, byte result, bool withTsns, uint a, uint b)
    {
        var response = withTsns
            ? new ReconfigurationResponseParameter(resp, (ReconfigurationResult)(result % 7), a, b)
            : new ReconfigurationResponseParameter(resp, (ReconfigurationResult)(result % 7));
        return RoundTrips(new ReConfigChunk([new OutgoingSsnResetRequestParameter(req, resp, lastTsn, streams)]))
            && RoundTrips(new ReConfigChunk([new IncomingSsnResetRequestParameter(req, streams), response]))
            && RoundTrips(new ReConfigChunk([response]));
    }

    [Property(MaxTest = 2000)]
    public void ArbitraryValue_NeverThrows_ForAnyChunkType(byte type, byte flags, byte[] value)
    {
        _ = ControlChunkParser.TryParse((ChunkType)type, flags, value, out _);
        _ = DataChunk.TryParse(flags, value, out _);
        _ = IDataChunk.TryParse(flags, value, out _);
        if (SackChunk.TryParse(value, out SackChunk sack))
        {
            for (int i = 0; i < sack.GapAckBlockCount; i++)
            {
                _ = sack.GetGapAckBlock(i);
            }

            for (int i = 0; i < sack.DuplicateTsnCount; i++)
            {
                _ = sack.GetDuplicateTsn(i);
            }
        }
    }

    [Fact]
    public void Init_TruncatedParameter_IsParseError()
    {
        byte[] bytes = new InitChunk(1, 2, 3, 4, 5, [new StateCookieParameter([1, 2, 3, 4, 5, 6, 7, 8])]).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4 + 16 + 2), 200); // parameter longer than the chunk
        Assert.False(InitChunk.TryParse(bytes.AsSpan(4, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(2)) - 4), out _));
    }

    [Fact]
    public void Sack_CountsDisagreeingWithLength_IsParseError()
    {
        byte[] buffer = new byte[SackChunk.GetSerializedLength(1, 0)];
        SackChunk.TryWrite(buffer, 1, 2, [new GapAckBlock(2, 3)], [], out _);
        buffer[4 + 9] = 5; // claims 5 gap blocks
        Assert.False(SackChunk.TryParse(buffer.AsSpan(4), out _));
    }

    [Fact]
    public void UnrecognizedChunkType_HighBits_SayWhetherToSkip()
    {
        Assert.False(ControlChunkParser.TryParse((ChunkType)0x3F, 0, [], out _));
    }
}

using System.Buffers.Binary;

namespace Jingle.Net.Rtp;

/// <summary>
/// An RTP packet (RFC 3550 §5.1) as an owning model: fixed header, CSRCs, header extension elements (RFC 8285,
/// written in the one-byte form when every element fits it, the two-byte form otherwise), payload and padding.
/// For building packets and for tests; the receive path reads bytes through <see cref="RtpPacketView"/>.
/// </summary>
public sealed class RtpPacket : IEquatable<RtpPacket>
{
    public bool Marker { get; set; }

    /// <summary>7-bit payload type.</summary>
    public byte PayloadType { get; set; }

    public ushort SequenceNumber { get; set; }

    public uint Timestamp { get; set; }

    public uint Ssrc { get; set; }

    /// <summary>Contributing sources, at most 15.</summary>
    public IList<uint> Csrcs { get; } = new List<uint>();

    /// <summary>Header extension elements (RFC 8285).</summary>
    public IList<RtpHeaderExtension> Extensions { get; } = new List<RtpHeaderExtension>();

    public ReadOnlyMemory<byte> Payload { get; set; }

    /// <summary>Padding bytes to append (0 for none; 1–255, the last byte holds the count).</summary>
    public byte PaddingLength { get; set; }

    /// <summary>True if <see cref="Extensions"/> fits the one-byte form (ids 1–14, values 1–16 bytes).</summary>
    public bool UsesOneByteExtensions => Extensions.All(e => e.Id is >= 1 and <= 14 && e.Value.Length is >= 1 and <= 16);

    public int GetSerializedLength() => RtpWire.FixedHeaderLength + (4 * Csrcs.Count) + GetExtensionBlockLength() + Payload.Length + PaddingLength;

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        Validate();
        int length = GetSerializedLength();
        if (destination.Length < length)
        {
            return false;
        }

        destination[0] = (byte)(0x80 | (PaddingLength > 0 ? 0x20 : 0) | (Extensions.Count > 0 ? 0x10 : 0) | Csrcs.Count);
        destination[1] = (byte)((Marker ? 0x80 : 0) | PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        int offset = RtpWire.FixedHeaderLength;
        foreach (uint csrc in Csrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], csrc);
            offset += 4;
        }

        offset += WriteExtensionBlock(destination[offset..]);
        Payload.Span.CopyTo(destination[offset..]);
        offset += Payload.Length;
        if (PaddingLength > 0)
        {
            destination.Slice(offset, PaddingLength - 1).Clear();
            destination[offset + PaddingLength - 1] = PaddingLength;
            offset += PaddingLength;
        }

        written = offset;
        return true;
    }

    public byte[] ToArray()
    {
        byte[] buffer = new byte[GetSerializedLength()];
        TryWrite(buffer, out _);
        return buffer;
    }

    /// <summary>Parses <paramref name="packet"/>; throws <see cref="RtpParseException"/> if it is malformed.</summary>
    public static RtpPacket Parse(ReadOnlySpan<byte> packet)
    {
        RtpPacketView view = RtpPacketView.Parse(packet);
        var result = new RtpPacket
        {
            Marker = view.Marker,
            PayloadType = view.PayloadType,
            SequenceNumber = view.SequenceNumber,
            Timestamp = view.Timestamp,
            Ssrc = view.Ssrc,
            Payload = view.Payload.ToArray(),
            PaddingLength = (byte)view.PaddingLength,
        };
        for (int i = 0; i < view.CsrcCount; i++)
        {
            result.Csrcs.Add(view.GetCsrc(i));
        }

        if (view.HasExtension)
        {
            var reader = new RtpHeaderExtensionReader(view.ExtensionProfile, view.ExtensionData);
            while (reader.TryRead(out byte id, out ReadOnlySpan<byte> value))
            {
                result.Extensions.Add(new RtpHeaderExtension(id, value.ToArray()));
            }

            if (reader.IsMalformed)
            {
                throw new RtpParseException("Malformed RTP packet: header extension element runs past the block");
            }
        }

        return result;
    }

    public bool Equals(RtpPacket? other) => other is not null && Marker == other.Marker && PayloadType == other.PayloadType
        && SequenceNumber == other.SequenceNumber && Timestamp == other.Timestamp && Ssrc == other.Ssrc
        && PaddingLength == other.PaddingLength && Csrcs.SequenceEqual(other.Csrcs) && Extensions.SequenceEqual(other.Extensions)
        && Payload.Span.SequenceEqual(other.Payload.Span);

    public override bool Equals(object? obj) => obj is RtpPacket other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(SequenceNumber, Timestamp, Ssrc, Payload.Length);

    public override string ToString() => $"RTP PT={PayloadType} seq={SequenceNumber} ts={Timestamp} ssrc={Ssrc:X8} M={Marker} " +
        $"csrc={Csrcs.Count} ext={Extensions.Count} payload={Payload.Length} pad={PaddingLength}";

    private void Validate()
    {
        if (Csrcs.Count > 15)
        {
            throw new InvalidOperationException("An RTP packet carries at most 15 CSRCs.");
        }

        if (PayloadType > 127)
        {
            throw new InvalidOperationException("The payload type is 7 bits.");
        }

        foreach (RtpHeaderExtension e in Extensions)
        {
            if (e.Id == 0 || e.Value.Length > 255 || (e.Id == 15 && UsesOneByteExtensions))
            {
                throw new InvalidOperationException($"Header extension id {e.Id} with {e.Value.Length} bytes cannot be written.");
            }
        }
    }

    private int GetExtensionBlockLength()
    {
        if (Extensions.Count == 0)
        {
            return 0;
        }

        int perElement = UsesOneByteExtensions ? 1 : 2;
        int data = Extensions.Sum(e => perElement + e.Value.Length);
        return 4 + ((data + 3) / 4 * 4);
    }

    private int WriteExtensionBlock(Span<byte> destination)
    {
        int length = GetExtensionBlockLength();
        if (length == 0)
        {
            return 0;
        }

        bool oneByte = UsesOneByteExtensions;
        BinaryPrimitives.WriteUInt16BigEndian(destination, oneByte ? RtpHeaderExtensionReader.OneByteProfile : RtpHeaderExtensionReader.TwoByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length - 4) / 4));
        int offset = 4;
        foreach (RtpHeaderExtension e in Extensions)
        {
            if (oneByte)
            {
                destination[offset++] = (byte)((e.Id << 4) | (e.Value.Length - 1));
            }
            else
            {
                destination[offset++] = e.Id;
                destination[offset++] = (byte)e.Value.Length;
            }

            e.Value.CopyTo(destination[offset..]);
            offset += e.Value.Length;
        }

        destination[offset..length].Clear();
        return length;
    }
}

using System.Buffers.Binary;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The 13-byte DTLS 1.2 record header (RFC 6347 §4.1): type (1), version (2), epoch (2), sequence_number (6),
/// length (2). Sans-I/O: <see cref="TryParse"/> reads a span and never throws; <see cref="TryWrite"/> fills one.
/// </summary>
internal readonly record struct DtlsRecordHeader(byte ContentType, ushort Version, ushort Epoch, long SequenceNumber, ushort Length)
{
    /// <summary>Bytes in a DTLS record header.</summary>
    public const int Size = 13;

    /// <summary>ContentType.change_cipher_spec (RFC 5246 §6.2.1).</summary>
    public const byte ChangeCipherSpec = 20;

    /// <summary>ContentType.alert.</summary>
    public const byte Alert = 21;

    /// <summary>ContentType.handshake.</summary>
    public const byte Handshake = 22;

    /// <summary>ContentType.application_data.</summary>
    public const byte ApplicationData = 23;

    /// <summary>The DTLS 1.2 version on the wire ({254, 253}).</summary>
    public const ushort Dtls12 = 0xFEFD;

    /// <summary>The largest 48-bit sequence number.</summary>
    public const long MaxSequenceNumber = (1L << 48) - 1;

    /// <summary>Bytes of the record: header plus fragment.</summary>
    public int RecordLength => Size + Length;

    /// <summary>The 64-bit seq_num of the MAC/AEAD input (RFC 6347 §4.1.2.1): epoch || sequence_number.</summary>
    public long EpochAndSequence => ((long)Epoch << 48) | SequenceNumber;

    /// <summary>
    /// Reads the header at the start of <paramref name="datagram"/>. False (never an exception) when fewer than 13
    /// bytes remain or the length field points past the end: RFC 6347 §4.1.2.7 says to drop such input.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out DtlsRecordHeader header)
    {
        if (datagram.Length < Size)
        {
            header = default;
            return false;
        }

        ushort length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
        if (datagram.Length - Size < length)
        {
            header = default;
            return false;
        }

        long sequence = ((long)BinaryPrimitives.ReadUInt16BigEndian(datagram[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(datagram[7..]);
        header = new DtlsRecordHeader(datagram[0], BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]),
            BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]), sequence, length);
        return true;
    }

    /// <summary>Always <see cref="Size"/>.</summary>
    public static int GetSerializedLength() => Size;

    /// <summary>Writes the header; false when <paramref name="destination"/> is shorter than 13 bytes or the sequence number exceeds 48 bits.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        if (destination.Length < Size || SequenceNumber is < 0 or > MaxSequenceNumber)
        {
            written = 0;
            return false;
        }

        destination[0] = ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination[3..], Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], (ushort)(SequenceNumber >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[7..], (uint)SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[11..], Length);
        written = Size;
        return true;
    }
}

using System.Buffers.Binary;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The DTLS 1.2 record header (RFC 6347 §4.1: type, version, epoch, 48-bit sequence_number, length — 13 bytes) as
/// the flight retransmitter reads and rewrites it. A datagram may carry several records; a record whose header or
/// length does not fit ends the walk (the rest of the datagram is left alone, the record layer drops it).
/// </summary>
internal static class DtlsFlightRecords
{
    public const int HeaderLength = 13;

    /// <summary>Handshake message header (RFC 6347 §4.2.2): type, length, message_seq, fragment_offset, fragment_length.</summary>
    public const int HandshakeHeaderLength = 12;

    public const byte ChangeCipherSpec = 20;

    public const byte Handshake = 22;

    /// <summary>The largest 48-bit record sequence number.</summary>
    public const long MaxSequenceNumber = (1L << 48) - 1;

    /// <summary>
    /// Gives every epoch-0 record in <paramref name="datagram"/> the sequence number <paramref name="next"/> and
    /// increments it. Epoch-0 records are plaintext (TLS_NULL_WITH_NULL_NULL: no MAC covers the sequence number),
    /// so this changes nothing else. Returns how many records were rewritten.
    /// </summary>
    public static int RestampEpochZero(Span<byte> datagram, ref long next)
    {
        int rewritten = 0;
        int offset = 0;
        while (TryReadRecord(datagram[offset..], out byte _, out ushort epoch, out int recordLength))
        {
            if (epoch == 0)
            {
                WriteSequenceNumber(datagram.Slice(offset + 5, 6), next);
                next = next >= MaxSequenceNumber ? 0 : next + 1;
                rewritten++;
            }

            offset += recordLength;
        }

        return rewritten;
    }

    /// <summary>True when <paramref name="datagram"/> holds a plaintext (epoch-0) handshake record of message <paramref name="messageType"/>.</summary>
    public static bool ContainsPlaintextHandshake(ReadOnlySpan<byte> datagram, byte messageType)
    {
        while (TryReadRecord(datagram, out byte type, out ushort epoch, out int length))
        {
            if (type == Handshake && epoch == 0 && length > HeaderLength && datagram[HeaderLength] == messageType)
            {
                return true;
            }

            datagram = datagram[length..];
        }

        return false;
    }

    /// <summary>
    /// Reads the record at the start of <paramref name="data"/>: its content type, epoch and whole length (header
    /// included). False when no complete DTLS 1.2 record starts there (too short, unknown type, length past the end).
    /// </summary>
    public static bool TryReadRecord(ReadOnlySpan<byte> data, out byte type, out ushort epoch, out int recordLength)
    {
        type = 0;
        epoch = 0;
        recordLength = 0;
        if (data.Length < HeaderLength || data[0] is < 20 or > 24)
        {
            return false; // RFC 6347 content types 20–24 only (a connection-ID record, type 25, is never negotiated here)
        }

        int length = HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(data[11..]);
        if (length > data.Length)
        {
            return false;
        }

        type = data[0];
        epoch = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        recordLength = length;
        return true;
    }

    /// <summary>The 48-bit sequence number of the record at the start of <paramref name="record"/> (header must be complete).</summary>
    public static long ReadSequenceNumber(ReadOnlySpan<byte> record) =>
        ((long)BinaryPrimitives.ReadUInt16BigEndian(record[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(record[7..]);

    /// <summary>
    /// The message_seq of a plaintext handshake record (epoch 0), or -1 when <paramref name="record"/> is not one
    /// or is too short to say.
    /// </summary>
    public static int ReadHandshakeMessageSeq(ReadOnlySpan<byte> record)
    {
        if (!TryReadRecord(record, out byte type, out ushort epoch, out int length) || type != Handshake || epoch != 0 ||
            length < HeaderLength + HandshakeHeaderLength)
        {
            return -1;
        }

        return BinaryPrimitives.ReadUInt16BigEndian(record[(HeaderLength + 4)..]);
    }

    private static void WriteSequenceNumber(Span<byte> destination, long value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)value);
    }
}

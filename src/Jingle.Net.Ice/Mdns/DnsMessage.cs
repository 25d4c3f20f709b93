using System.Buffers.Binary;

namespace Jingle.Net.Ice.Mdns;

/// <summary>
/// A DNS message (RFC 1035 §4.1) as mDNS uses it (RFC 6762 §18): the 12-byte header, questions, then answer, authority
/// and additional records. Sans-I/O: <see cref="TryParse"/> reads a span and returns false on anything malformed (it
/// never throws on input), <see cref="TryWrite"/> writes into a span (names uncompressed).
/// </summary>
internal sealed record DnsMessage
{
    public const ushort ClassInternet = 1;
    public const int HeaderLength = 12;

    /// <summary>QR bit of the flags: a response.</summary>
    public const ushort ResponseFlag = 0x8000;

    /// <summary>AA bit: authoritative (mDNS responses set it, RFC 6762 §18.4).</summary>
    public const ushort AuthoritativeFlag = 0x0400;

    public ushort Id { get; init; }

    public ushort Flags { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    public IReadOnlyList<DnsResourceRecord> Answers { get; init; } = [];

    public IReadOnlyList<DnsResourceRecord> Authorities { get; init; } = [];

    public IReadOnlyList<DnsResourceRecord> Additionals { get; init; } = [];

    public bool IsResponse => (Flags & ResponseFlag) != 0;

    /// <summary>A one-shot mDNS query (RFC 6762 §5.1) for <paramref name="name"/>: one question per type.</summary>
    public static DnsMessage CreateQuery(ushort id, string name, params ReadOnlySpan<DnsRecordType> types)
    {
        var questions = new DnsQuestion[types.Length];
        for (int i = 0; i < types.Length; i++)
        {
            questions[i] = new DnsQuestion(name, types[i]);
        }

        return new DnsMessage { Id = id, Questions = questions };
    }

    /// <summary>Bytes <see cref="TryWrite"/> needs, or -1 when a name is not encodable or a record's data is over 65535 bytes.</summary>
    public int GetSerializedLength()
    {
        int length = HeaderLength;
        foreach (DnsQuestion question in Questions)
        {
            int name = DnsName.GetEncodedLength(question.Name);
            if (name < 0)
            {
                return -1;
            }

            length += name + 4;
        }

        foreach (DnsResourceRecord record in Records())
        {
            int name = DnsName.GetEncodedLength(record.Name);
            if (name < 0 || record.Data.Length > ushort.MaxValue)
            {
                return -1;
            }

            length += name + 10 + record.Data.Length;
        }

        return length;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (length < 0 || destination.Length < length || Questions.Count > ushort.MaxValue || Answers.Count > ushort.MaxValue
            || Authorities.Count > ushort.MaxValue || Additionals.Count > ushort.MaxValue)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)Questions.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)Answers.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)Authorities.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)Additionals.Count);
        int offset = HeaderLength;
        foreach (DnsQuestion question in Questions)
        {
            DnsName.TryWrite(destination[offset..], question.Name, out int n);
            offset += n;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)question.Type);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], question.Class);
            offset += 4;
        }

        foreach (DnsResourceRecord record in Records())
        {
            DnsName.TryWrite(destination[offset..], record.Name, out int n);
            offset += n;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)record.Type);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], record.Class);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(offset + 4)..], record.Ttl);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 8)..], (ushort)record.Data.Length);
            offset += 10;
            record.Data.CopyTo(destination[offset..]);
            offset += record.Data.Length;
        }

        written = offset;
        return true;
    }

    /// <summary>Parses <paramref name="packet"/>; false (never an exception) when it is truncated or malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out DnsMessage? message)
    {
        message = null;
        if (packet.Length < HeaderLength)
        {
            return false;
        }

        int questionCount = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int answerCount = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        int authorityCount = BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        int additionalCount = BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);

        // Every question takes at least 5 bytes and every record 11: counts that cannot fit are rejected up front.
        if ((long)questionCount * 5 + ((long)answerCount + authorityCount + additionalCount) * 11 > packet.Length - HeaderLength)
        {
            return false;
        }

        int offset = HeaderLength;
        var questions = new DnsQuestion[questionCount];
        for (int i = 0; i < questionCount; i++)
        {
            if (!DnsName.TryRead(packet, ref offset, out string name) || offset + 4 > packet.Length)
            {
                return false;
            }

            questions[i] = new DnsQuestion(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]),
                BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]));
            offset += 4;
        }

        if (!TryReadRecords(packet, ref offset, answerCount, out DnsResourceRecord[] answers)
            || !TryReadRecords(packet, ref offset, authorityCount, out DnsResourceRecord[] authorities)
            || !TryReadRecords(packet, ref offset, additionalCount, out DnsResourceRecord[] additionals))
        {
            return false;
        }

        message = new DnsMessage
        {
            Id = BinaryPrimitives.ReadUInt16BigEndian(packet),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
        return true;
    }

    public bool Equals(DnsMessage? other) =>
        other is not null && Id == other.Id && Flags == other.Flags && Questions.SequenceEqual(other.Questions)
        && Answers.SequenceEqual(other.Answers) && Authorities.SequenceEqual(other.Authorities) && Additionals.SequenceEqual(other.Additionals);

    public override int GetHashCode() => HashCode.Combine(Id, Flags, Questions.Count, Answers.Count, Authorities.Count, Additionals.Count);

    private IEnumerable<DnsResourceRecord> Records() => Answers.Concat(Authorities).Concat(Additionals);

    private static bool TryReadRecords(ReadOnlySpan<byte> packet, ref int offset, int count, out DnsResourceRecord[] records)
    {
        records = new DnsResourceRecord[count];
        for (int i = 0; i < count; i++)
        {
            if (!DnsName.TryRead(packet, ref offset, out string name) || offset + 10 > packet.Length)
            {
                return false;
            }

            int dataLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
            if (offset + 10 + dataLength > packet.Length)
            {
                return false;
            }

            records[i] = new DnsResourceRecord(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]),
                BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]), BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]),
                packet.Slice(offset + 10, dataLength).ToArray());
            offset += 10 + dataLength;
        }

        return true;
    }
}

using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Chunks;

/// <summary>An error cause (RFC 9260 §3.3.10) carried in ABORT and ERROR chunks: a code and its raw value.</summary>
internal sealed record ErrorCause(ErrorCauseCode Code, byte[] Value)
{
    public const int HeaderLength = 4;

    public int GetSerializedLength() => ChunkCodec.Pad4(HeaderLength + Value.Length);

    public static ErrorCause Create(ErrorCauseCode code, string text) => new(code, System.Text.Encoding.UTF8.GetBytes(text));

    public static bool TryParseAll(ReadOnlySpan<byte> data, List<ErrorCause> causes)
    {
        while (!data.IsEmpty)
        {
            if (data.Length < HeaderLength)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            if (length < HeaderLength || length > data.Length)
            {
                return false;
            }

            causes.Add(new ErrorCause((ErrorCauseCode)BinaryPrimitives.ReadUInt16BigEndian(data), data[HeaderLength..length].ToArray()));
            int padded = ChunkCodec.Pad4(length);
            data = padded >= data.Length ? default : data[padded..];
        }

        return true;
    }

    public static int GetSerializedLength(IReadOnlyList<ErrorCause> causes)
    {
        int total = 0;
        foreach (ErrorCause cause in causes)
        {
            total += cause.GetSerializedLength();
        }

        return total;
    }

    public static void WriteAll(IReadOnlyList<ErrorCause> causes, Span<byte> destination)
    {
        int offset = 0;
        foreach (ErrorCause cause in causes)
        {
            int length = HeaderLength + cause.Value.Length;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)cause.Code);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], (ushort)length);
            cause.Value.CopyTo(destination[(offset + HeaderLength)..]);
            int padded = ChunkCodec.Pad4(length);
            destination[(offset + length)..(offset + padded)].Clear();
            offset += padded;
        }
    }

    public bool Equals(ErrorCause? other) => other is not null && other.Code == Code && other.Value.AsSpan().SequenceEqual(Value);

    public override int GetHashCode() => HashCode.Combine(Code, Value.Length);

    public override string ToString() => Code switch
    {
        ErrorCauseCode.UserInitiatedAbort or ErrorCauseCode.ProtocolViolation => $"{Code}: {System.Text.Encoding.UTF8.GetString(Value)}",
        _ => Code.ToString(),
    };
}

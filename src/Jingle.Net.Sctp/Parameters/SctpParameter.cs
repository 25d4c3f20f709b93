using System.Buffers.Binary;
using Jingle.Net.Sctp.Chunks;

namespace Jingle.Net.Sctp.Parameters;

/// <summary>
/// A type-length-value parameter (RFC 9260 §3.2.1) as used in INIT, INIT-ACK, HEARTBEAT and RE-CONFIG chunks.
/// Each concrete type writes its value; this base writes the header and padding.
/// </summary>
internal abstract class SctpParameter : IEquatable<SctpParameter>
{
    public const int HeaderLength = 4;

    public abstract ParameterType Type { get; }

    /// <summary>Length of the value in bytes (without header or padding).</summary>
    public abstract int ValueLength { get; }

    /// <summary>The padded length on the wire, header included.</summary>
    public int GetSerializedLength() => ChunkCodec.Pad4(HeaderLength + ValueLength);

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = GetSerializedLength();
        int length = HeaderLength + ValueLength;
        if (destination.Length < written || length > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        WriteValue(destination.Slice(HeaderLength, ValueLength));
        destination[length..written].Clear();
        return true;
    }

    protected abstract void WriteValue(Span<byte> value);

    /// <summary>Parses one parameter value of type <paramref name="type"/>; unknown types become <see cref="UnknownParameter"/>.</summary>
    public static bool TryParse(ushort type, ReadOnlySpan<byte> value, out SctpParameter? parameter)
    {
        parameter = (ParameterType)type switch
        {
            ParameterType.HeartbeatInfo => new HeartbeatInfoParameter(value.ToArray()),
            ParameterType.StateCookie => new StateCookieParameter(value.ToArray()),
            ParameterType.SupportedExtensions => new SupportedExtensionsParameter(value.ToArray()),
            ParameterType.ForwardTsnSupported => value.IsEmpty ? new ForwardTsnSupportedParameter() : null,
            ParameterType.ZeroChecksumAcceptable => ZeroChecksumAcceptableParameter.TryParse(value),
            ParameterType.OutgoingSsnResetRequest => OutgoingSsnResetRequestParameter.TryParse(value),
            ParameterType.IncomingSsnResetRequest => IncomingSsnResetRequestParameter.TryParse(value),
            ParameterType.ReconfigurationResponse => ReconfigurationResponseParameter.TryParse(value),
            _ => new UnknownParameter(type, value.ToArray()),
        };
        return parameter is not null;
    }

    /// <summary>Parses a run of parameters filling the rest of a chunk. False on any framing error.</summary>
    public static bool TryParseAll(ReadOnlySpan<byte> data, List<SctpParameter> parameters)
    {
        while (!data.IsEmpty)
        {
            if (data.Length < HeaderLength)
            {
                return false;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(data);
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
            if (length < HeaderLength || length > data.Length)
            {
                return false;
            }

            if (!TryParse(type, data[HeaderLength..length], out SctpParameter? parameter))
            {
                return false;
            }

            parameters.Add(parameter!);
            int padded = ChunkCodec.Pad4(length);
            data = padded >= data.Length ? default : data[padded..];
        }

        return true;
    }

    /// <summary>Total padded length of <paramref name="parameters"/>.</summary>
    public static int GetSerializedLength(IReadOnlyList<SctpParameter> parameters)
    {
        int total = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            total += parameters[i].GetSerializedLength();
        }

        return total;
    }

    /// <summary>Writes all <paramref name="parameters"/> back to back.</summary>
    public static bool TryWriteAll(IReadOnlyList<SctpParameter> parameters, Span<byte> destination, out int written)
    {
        written = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            if (!parameters[i].TryWrite(destination[written..], out int w))
            {
                return false;
            }

            written += w;
        }

        return true;
    }

    public bool Equals(SctpParameter? other)
    {
        if (other is null || other.Type != Type || other.ValueLength != ValueLength)
        {
            return false;
        }

        byte[] x = new byte[GetSerializedLength()];
        byte[] y = new byte[other.GetSerializedLength()];
        TryWrite(x, out _);
        other.TryWrite(y, out _);
        return x.AsSpan().SequenceEqual(y);
    }

    public override bool Equals(object? obj) => obj is SctpParameter p && Equals(p);

    public override int GetHashCode() => HashCode.Combine(Type, ValueLength);
}

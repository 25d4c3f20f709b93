using System.Buffers.Binary;

namespace Jingle.Net.Ice.Checks;

/// <summary>A 96-bit STUN transaction id as a comparable value (no allocation).</summary>
internal readonly record struct TransactionKey(ulong High, uint Low)
{
    public static TransactionKey From(ReadOnlySpan<byte> transactionId) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(transactionId), BinaryPrimitives.ReadUInt32BigEndian(transactionId[8..]));
}

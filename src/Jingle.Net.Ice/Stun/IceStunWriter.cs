using System.Net;
using Jingle.Net.Stun;

namespace Jingle.Net.Ice.Stun;

/// <summary>
/// Writes a STUN Binding message for ICE into a caller's buffer through the STUN codec's zero-allocation
/// <see cref="StunMessageWriter"/> (RFC 8489 §5, §14). The buffer must be large enough (600 bytes always is for ICE
/// checks); writing past it throws, which is a programming error, never input-driven.
/// </summary>
internal ref struct IceStunWriter
{
    private StunMessageWriter _writer;

    public IceStunWriter(Span<byte> buffer, ushort type, ReadOnlySpan<byte> transactionId) =>
        _writer = new StunMessageWriter(buffer, StunMessageType.FromUInt16(type), StunTransactionId.FromBytes(transactionId));

    public readonly int Length => _writer.Length;

    public readonly ReadOnlySpan<byte> Written => _writer.Written;

    public void AddUInt32(ushort type, uint value) => _writer.AddUInt32((StunAttributeType)type, value);

    public void AddUInt64(ushort type, ulong value) => _writer.AddUInt64((StunAttributeType)type, value);

    public void AddFlag(ushort type) => _writer.AddFlag((StunAttributeType)type);

    public void AddUsername(ReadOnlySpan<byte> username) => _writer.AddBytes(StunAttributeType.Username, username);

    public void AddErrorCode(int code, string reason) => _writer.AddErrorCode(code, reason);

    public void AddAddress(ushort type, IPEndPoint endPoint)
    {
        if (type == IceStunConstants.XorMappedAddress)
        {
            _writer.AddXorAddress(StunAttributeType.XorMappedAddress, endPoint);
        }
        else
        {
            _writer.AddAddress((StunAttributeType)type, endPoint);
        }
    }

    /// <summary>Appends MESSAGE-INTEGRITY keyed with <paramref name="key"/> (the short-term password bytes).</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key) => _writer.AddMessageIntegrity(key);

    public void AddFingerprint() => _writer.AddFingerprint();
}

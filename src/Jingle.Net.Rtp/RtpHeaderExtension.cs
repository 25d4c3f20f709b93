namespace Jingle.Net.Rtp;

/// <summary>
/// One RTP header extension element (RFC 8285): a local identifier (1–14 in the one-byte form, 1–255 in the
/// two-byte form) and its value.
/// </summary>
public sealed record RtpHeaderExtension(byte Id, byte[] Value)
{
    public bool Equals(RtpHeaderExtension? other) => other is not null && Id == other.Id && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(Id, Value.Length);
}

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>One SDES chunk (RFC 3550 §6.5): an SSRC/CSRC and its items.</summary>
public sealed class RtcpSdesChunk
{
    public RtcpSdesChunk(uint ssrc)
    {
        Ssrc = ssrc;
    }

    public uint Ssrc { get; }

    /// <summary>Items in order: (type, UTF-8 value up to 255 bytes). Type 1 is CNAME (RFC 3550 §6.5.1).</summary>
    public IList<(RtcpSdesItemType Type, byte[] Value)> Items { get; } = new List<(RtcpSdesItemType, byte[])>();

    /// <summary>The CNAME item as text, or null.</summary>
    public string? CanonicalName
    {
        get
        {
            foreach ((RtcpSdesItemType type, byte[] value) in Items)
            {
                if (type == RtcpSdesItemType.CanonicalName)
                {
                    return System.Text.Encoding.UTF8.GetString(value);
                }
            }

            return null;
        }
    }

    /// <summary>SSRC + items + the null terminator, padded to 4 bytes.</summary>
    internal int Length => (4 + Items.Sum(i => 2 + i.Value.Length) + 1 + 3) & ~3;
}

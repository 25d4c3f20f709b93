namespace Jingle.Net.Rtp.Rtcp;

/// <summary>SDES item types (RFC 3550 §6.5).</summary>
public enum RtcpSdesItemType : byte
{
    CanonicalName = 1,
    Name = 2,
    Email = 3,
    Phone = 4,
    Location = 5,
    Tool = 6,
    Note = 7,
    Private = 8,
}

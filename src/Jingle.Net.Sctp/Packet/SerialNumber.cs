namespace Jingle.Net.Sctp.Packet;

/// <summary>
/// Serial number arithmetic (RFC 1982) for 32-bit TSNs/MIDs and 16-bit SSNs: a is "before" b when the forward
/// distance from a to b is less than half the space.
/// </summary>
internal static class SerialNumber
{
    public static bool Lt(uint a, uint b) => a != b && (int)(a - b) < 0;

    public static bool Le(uint a, uint b) => (int)(a - b) <= 0;

    public static bool Gt(uint a, uint b) => Lt(b, a);

    public static bool Ge(uint a, uint b) => Le(b, a);

    public static uint Max(uint a, uint b) => Lt(a, b) ? b : a;

    public static bool Lt(ushort a, ushort b) => a != b && (short)(a - b) < 0;

    public static bool Le(ushort a, ushort b) => (short)(a - b) <= 0;

    public static bool Gt(ushort a, ushort b) => Lt(b, a);
}

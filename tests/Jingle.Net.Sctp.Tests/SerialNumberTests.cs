using FsCheck.Xunit;
using Jingle.Net.Sctp.Packet;

namespace Jingle.Net.Sctp.Tests;

public sealed class SerialNumberTests
{
    [Property]
    public bool Tsn_ForwardDistanceBelowHalf_IsAfter(uint a, uint distance)
    {
        uint d = (distance % 0x7FFFFFFF) + 1; // 1 .. 2^31 - 1
        uint b = a + d;                       // wraps around freely
        return SerialNumber.Lt(a, b) && SerialNumber.Gt(b, a) && !SerialNumber.Lt(b, a) && SerialNumber.Le(a, b) && SerialNumber.Ge(b, a);
    }

    [Property]
    public bool Tsn_IsIrreflexive(uint a) => !SerialNumber.Lt(a, a) && SerialNumber.Le(a, a) && SerialNumber.Ge(a, a);

    [Property]
    public bool Ssn_ForwardDistanceBelowHalf_IsAfter(ushort a, ushort distance)
    {
        ushort d = (ushort)((distance % 0x7FFF) + 1);
        ushort b = (ushort)(a + d);
        return SerialNumber.Lt(a, b) && SerialNumber.Gt(b, a) && !SerialNumber.Lt(b, a);
    }

    [Fact]
    public void Tsn_Wraparound_Examples()
    {
        Assert.True(SerialNumber.Lt(0xFFFFFFFFu, 0u));
        Assert.True(SerialNumber.Lt(0xFFFFFFF0u, 5u));
        Assert.Equal(3u, SerialNumber.Max(0xFFFFFFFEu, 3u));
        Assert.True(SerialNumber.Lt((ushort)65535, (ushort)0));
    }
}

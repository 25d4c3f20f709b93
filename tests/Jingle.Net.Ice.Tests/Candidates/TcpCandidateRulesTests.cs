using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice.Tests.Candidates;

public sealed class TcpCandidateRulesTests
{
    private static IceCandidate Tcp(TcpCandidateType tcpType, CandidateType type = CandidateType.Host) =>
        IceCandidate.Parse($"candidate:1 1 tcp 1 10.0.0.1 {(tcpType == TcpCandidateType.Active ? 9 : 5000)} typ {type.ToWireString()}"
            + (type == CandidateType.Host ? "" : " raddr 10.0.0.2 rport 6000") + $" tcptype {tcpType.ToWireString()}");

    private static IceCandidate Udp() => IceCandidate.Parse("candidate:2 1 udp 1 10.0.0.1 5000 typ host");

    [Theory]
    [InlineData(CandidateType.Host, TcpCandidateType.Active, 6)]
    [InlineData(CandidateType.Host, TcpCandidateType.Passive, 4)]
    [InlineData(CandidateType.Host, TcpCandidateType.SimultaneousOpen, 2)]
    [InlineData(CandidateType.Relay, TcpCandidateType.Active, 6)]
    [InlineData(CandidateType.ServerReflexive, TcpCandidateType.SimultaneousOpen, 6)]
    [InlineData(CandidateType.ServerReflexive, TcpCandidateType.Active, 4)]
    [InlineData(CandidateType.ServerReflexive, TcpCandidateType.Passive, 2)]
    [InlineData(CandidateType.PeerReflexive, TcpCandidateType.Passive, 2)]
    public void Rfc6544_DirectionPreference_FollowsTheRecommendedTable(CandidateType type, TcpCandidateType tcpType, int expected) =>
        Assert.Equal(expected, TcpCandidateRules.DirectionPreference(type, tcpType));

    [Fact]
    public void Rfc6544_LocalPreference_IsDirectionTimes8192PlusOther()
    {
        Assert.Equal((6 << 13) + 100, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Active, 100));
        Assert.Equal((4 << 13) + 8191, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Passive, 8191));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Active, 8192));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpCandidateRules.DirectionPreference(CandidateType.Host, TcpCandidateType.None));
    }

    [Fact]
    public void Rfc6544_HostActive_OutranksPassive_ButDirectionNeverBeatsType()
    {
        uint active = IceCandidate.ComputePriority(CandidateType.Host, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Active, 0), 1);
        uint passive = IceCandidate.ComputePriority(CandidateType.Host, TcpCandidateRules.LocalPreference(CandidateType.Host, TcpCandidateType.Passive, TcpCandidateRules.MaxOtherPreference), 1);
        uint srflx = IceCandidate.ComputePriority(CandidateType.ServerReflexive,
            TcpCandidateRules.LocalPreference(CandidateType.ServerReflexive, TcpCandidateType.SimultaneousOpen, TcpCandidateRules.MaxOtherPreference), 1);
        Assert.True(active > passive);
        Assert.True(passive > srflx);
    }

    [Theory]
    [InlineData(TcpCandidateType.Active, TcpCandidateType.Passive, true)]
    [InlineData(TcpCandidateType.Passive, TcpCandidateType.Active, true)]
    [InlineData(TcpCandidateType.SimultaneousOpen, TcpCandidateType.SimultaneousOpen, true)]
    [InlineData(TcpCandidateType.Active, TcpCandidateType.Active, false)]
    [InlineData(TcpCandidateType.Passive, TcpCandidateType.Passive, false)]
    [InlineData(TcpCandidateType.Active, TcpCandidateType.SimultaneousOpen, false)]
    [InlineData(TcpCandidateType.SimultaneousOpen, TcpCandidateType.Passive, false)]
    public void Rfc6544_Pairing_OnlyComplementaryTcpTypes(TcpCandidateType local, TcpCandidateType remote, bool expected) =>
        Assert.Equal(expected, TcpCandidateRules.CanPair(Tcp(local), Tcp(remote)));

    [Fact]
    public void Pairing_NeverCrossesProtocols()
    {
        Assert.False(TcpCandidateRules.CanPair(Udp(), Tcp(TcpCandidateType.Passive)));
        Assert.False(TcpCandidateRules.CanPair(Tcp(TcpCandidateType.Active), Udp()));
        Assert.True(TcpCandidateRules.CanPair(Udp(), Udp()));
    }

    [Fact]
    public void Rfc6544_OnlyActiveAndSimultaneousOpenSideSendsChecks()
    {
        Assert.True(TcpCandidateRules.SendsChecks(Tcp(TcpCandidateType.Active)));
        Assert.True(TcpCandidateRules.SendsChecks(Tcp(TcpCandidateType.SimultaneousOpen)));
        Assert.False(TcpCandidateRules.SendsChecks(Tcp(TcpCandidateType.Passive)));
        Assert.True(TcpCandidateRules.SendsChecks(Udp()));
    }
}

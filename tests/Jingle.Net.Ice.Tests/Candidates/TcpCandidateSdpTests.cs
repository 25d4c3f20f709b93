using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice.Tests.Candidates;

/// <summary>RFC 6544 §4.5 candidate lines: <c>tcptype</c> active/passive/so survive Parse → ToSdpString → Parse.</summary>
public sealed class TcpCandidateSdpTests
{
    [Theory]
    [InlineData("candidate:1052214286 1 tcp 2128609279 192.0.2.10 9 typ host tcptype active generation 0", TcpCandidateType.Active)]
    [InlineData("candidate:1052214286 1 tcp 2124414975 192.0.2.10 50123 typ host tcptype passive generation 0 ufrag Abcd network-id 1",
        TcpCandidateType.Passive)]
    [InlineData("candidate:3 1 tcp 1692401663 198.51.100.7 40000 typ srflx raddr 192.0.2.10 rport 40000 tcptype so", TcpCandidateType.SimultaneousOpen)]
    [InlineData("candidate:4 2 TCP 2128609278 2001:db8::1 9 typ host tcptype active", TcpCandidateType.Active)]
    public void Rfc6544_TcpType_RoundTrips(string line, TcpCandidateType expected)
    {
        IceCandidate parsed = IceCandidate.Parse(line);
        Assert.Equal(CandidateProtocol.Tcp, parsed.Protocol);
        Assert.Equal(expected, parsed.TcpType);

        string written = parsed.ToSdpString();
        Assert.Equal(line.Replace(" TCP ", " tcp ", StringComparison.Ordinal), written);
        Assert.Equal(parsed, IceCandidate.Parse(written) with { Extensions = parsed.Extensions });
        Assert.Contains(" tcptype " + expected.ToWireString(), written, StringComparison.Ordinal);
    }

    [Fact]
    public void Rfc6544_ActiveCandidate_SignalsTheDiscardPort()
    {
        IceCandidate active = IceCandidate.Parse("candidate:1 1 tcp 2128609279 192.0.2.10 9 typ host tcptype active");
        Assert.Equal(TcpCandidateRules.ActivePort, active.Port);
        Assert.Equal(9, active.EndPoint!.Port);
    }

    [Theory]
    [InlineData(TcpCandidateType.Passive, TcpCandidateType.Active)]
    [InlineData(TcpCandidateType.Active, TcpCandidateType.Passive)]
    [InlineData(TcpCandidateType.SimultaneousOpen, TcpCandidateType.SimultaneousOpen)]
    public void Rfc6544_PeerReflexiveRemote_TakesTheComplementaryType(TcpCandidateType local, TcpCandidateType expected) =>
        Assert.Equal(expected, TcpCandidateRules.PeerReflexiveRemoteType(local));
}

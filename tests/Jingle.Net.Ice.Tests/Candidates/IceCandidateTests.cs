using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice.Tests.Candidates;

public sealed class IceCandidateTests
{
    [Fact]
    public void Chromium_HostCandidate_Parses()
    {
        IceCandidate c = IceCandidate.Parse("candidate:842163049 1 udp 2122260223 192.168.1.20 54608 typ host generation 0 ufrag Hx7q network-id 1 network-cost 10");
        Assert.Equal("842163049", c.Foundation);
        Assert.Equal(1, c.Component);
        Assert.Equal(CandidateProtocol.Udp, c.Protocol);
        Assert.Equal(2122260223u, c.Priority);
        Assert.Equal("192.168.1.20", c.Host);
        Assert.Equal(54608, c.Port);
        Assert.Equal(CandidateType.Host, c.Type);
        Assert.Equal(0, c.Generation);
        Assert.Equal("Hx7q", c.Ufrag);
        Assert.Equal(1, c.NetworkId);
        Assert.Equal(10, c.NetworkCost);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.168.1.20"), 54608), c.EndPoint);
    }

    [Fact]
    public void ServerReflexive_WithRelatedAddress_Parses()
    {
        IceCandidate c = IceCandidate.Parse("a=candidate:1 1 UDP 1694498815 203.0.113.7 40000 typ srflx raddr 10.0.0.2 rport 5000");
        Assert.Equal(CandidateType.ServerReflexive, c.Type);
        Assert.Equal("10.0.0.2", c.RelatedAddress);
        Assert.Equal(5000, c.RelatedPort);
    }

    [Fact]
    public void TcpPassive_AndMdns_AndIPv6_Parse()
    {
        IceCandidate tcp = IceCandidate.Parse("candidate:2 1 tcp 1518280447 192.168.1.20 9 typ host tcptype active");
        Assert.Equal(CandidateProtocol.Tcp, tcp.Protocol);
        Assert.Equal(TcpCandidateType.Active, tcp.TcpType);

        IceCandidate mdns = IceCandidate.Parse("candidate:3 1 udp 2113937151 3e4f1a2b-7c9d-4e5f-8a6b-1c2d3e4f5a6b.local 51234 typ host");
        Assert.True(mdns.IsMdns);
        Assert.Null(mdns.EndPoint);

        IceCandidate v6 = IceCandidate.Parse("candidate:4 2 udp 2122262783 2001:db8::1 6000 typ host");
        Assert.True(v6.IsIPv6);
        Assert.Equal(2, v6.Component);
    }

    [Fact]
    public void UnknownExtensions_AreKept_AndWrittenBack()
    {
        const string text = "candidate:5 1 udp 100 198.51.100.1 3478 typ relay raddr 0.0.0.0 rport 0 generation 2 x-custom abc";
        IceCandidate c = IceCandidate.Parse(text);
        Assert.Equal([new KeyValuePair<string, string>("x-custom", "abc")], c.Extensions);
        Assert.Equal(text, c.ToSdpString());
    }

    [Theory]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ", "at least 8 fields")]
    [InlineData("candidate:1 0 udp 1 1.2.3.4 5 typ host", "component id")]
    [InlineData("candidate:1 1 sctp 1 1.2.3.4 5 typ host", "unknown transport")]
    [InlineData("candidate:1 1 udp -1 1.2.3.4 5 typ host", "priority")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 70000 typ host", "port")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 type host", "expected 'typ'")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ relayed", "unknown candidate type")]
    [InlineData("candidate:1 1 udp 1 1.2.3.4 5 typ host raddr", "has no value")]
    [InlineData("candidate:f@o 1 udp 1 1.2.3.4 5 typ host", "foundation")]
    [InlineData("candidate:1 1 tcp 1 1.2.3.4 5 typ host tcptype both", "tcptype")]
    public void Malformed_GivesAClearError(string text, string expected)
    {
        FormatException e = Assert.Throws<FormatException>(() => IceCandidate.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.False(IceCandidate.TryParse(text, out _, out string? error));
        Assert.Equal(e.Message, error);
    }

    [Theory]
    [InlineData(CandidateType.Host, 65535, 1, 2130706431u)]
    [InlineData(CandidateType.Host, 65535, 2, 2130706430u)]
    [InlineData(CandidateType.ServerReflexive, 65535, 1, 1694498815u)]
    [InlineData(CandidateType.PeerReflexive, 65535, 1, 1862270975u)]
    [InlineData(CandidateType.Relay, 65535, 1, 16777215u)]
    public void Priority_FollowsRfc8445Formula(CandidateType type, int localPreference, int component, uint expected) =>
        Assert.Equal(expected, IceCandidate.ComputePriority(type, localPreference, component));

    [Fact]
    public void Foundation_SameForSameTypeBaseAndServer_DifferentOtherwise()
    {
        var baseIp = System.Net.IPAddress.Parse("10.0.0.2");
        string a = IceCandidate.ComputeFoundation(CandidateType.ServerReflexive, baseIp, CandidateProtocol.Udp, "198.51.100.1");
        string b = IceCandidate.ComputeFoundation(CandidateType.ServerReflexive, baseIp, CandidateProtocol.Udp, "198.51.100.1");
        string c = IceCandidate.ComputeFoundation(CandidateType.ServerReflexive, baseIp, CandidateProtocol.Udp, "198.51.100.2");
        string d = IceCandidate.ComputeFoundation(CandidateType.Host, baseIp, CandidateProtocol.Udp);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
        Assert.True(a.Length <= 32 && a.All(char.IsAsciiDigit));
    }

    [FsCheck.Xunit.Property]
    public bool ArbitraryText_ParsesOrThrowsFormatException(string text)
    {
        try
        {
            IceCandidate c = IceCandidate.Parse(text ?? string.Empty);
            return IceCandidate.Parse(c.ToSdpString()).ToSdpString() == c.ToSdpString();
        }
        catch (FormatException)
        {
            return true;
        }
    }

    [FsCheck.Xunit.Property]
    public bool GeneratedCandidates_RoundTrip(byte a, byte b, ushort port, uint priority, PositiveInt component, bool relay, NonNegativeInt generation)
    {
        var c = new IceCandidate
        {
            Foundation = priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Component = 1 + (component.Get % 256),
            Protocol = CandidateProtocol.Udp,
            Priority = priority,
            Host = $"10.{a}.{b}.1",
            Port = port,
            Type = relay ? CandidateType.Relay : CandidateType.Host,
            RelatedAddress = relay ? "192.0.2.1" : null,
            RelatedPort = relay ? 1000 : null,
            Generation = generation.Get,
        };
        IceCandidate parsed = IceCandidate.Parse(c.ToSdpString());
        return parsed.ToSdpString() == c.ToSdpString() && parsed.Priority == priority && parsed.Port == port && parsed.Type == c.Type;
    }
}

using System.Net;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Checks;

public sealed class ConnectionTests
{
    private static readonly IceConfig Config = new();

    private static Connection Make(out FakePort port)
    {
        port = new FakePort("private-1", "114.emobile", 1116);
        IceCandidate remote = FakePort.Remote("192.168.174.1", 2584);
        return new Connection(0, port, port.PrimaryCandidate!, remote, remote.EndPoint!);
    }

    [Fact]
    public void ToString_HasLibjinglesShape_AndGoesCwThenCRwThenCRW()
    {
        Connection c = Make(out _);
        Assert.Equal("Conn[0:private-1:local:114.emobile:1116->private-1:local:192.168.174.1:2584|C-w|udp]", c.ToString());

        Assert.True(c.OnRequestReceived(nowMs: 10));
        Assert.Equal("CRw", c.StateLetters);
        c.OnPingSent(new byte[12], 10, useCandidate: false, consent: false, IceRole.Controlling);
        Assert.True(c.TryTakePing(new byte[12], out long sent, out _, out _));
        Assert.True(c.OnSuccessResponse(sent, 30));
        Assert.Equal("Conn[0:private-1:local:114.emobile:1116->private-1:local:192.168.174.1:2584|CRW|udp]", c.ToString());
        Assert.Equal(20, c.RttMilliseconds);
    }

    [Fact]
    public void UnknownTransaction_IsNotMatched()
    {
        Connection c = Make(out _);
        c.OnPingSent([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 0, false, false, IceRole.Controlling);
        Assert.False(c.TryTakePing(new byte[12], out _, out _, out _));
        Assert.Equal(1, c.UnansweredPings);
    }

    [Fact]
    public void Receiving_TimesOutAfterReceivingTimeout()
    {
        Connection c = Make(out _);
        c.OnDataReceived(100, nowMs: 1000);
        Assert.False(c.UpdateState(1000 + 2499, Config, out _));
        Assert.True(c.Receiving);
        Assert.True(c.UpdateState(1000 + 2500, Config, out _));
        Assert.False(c.Receiving);
        Assert.Equal("C-w", c.StateLetters);
    }

    [Fact]
    public void Consent_LostThirtySecondsAfterLastResponse_Rfc7675()
    {
        Connection c = Make(out _);
        c.OnPingSent(new byte[12], 0, false, false, IceRole.Controlling);
        c.TryTakePing(new byte[12], out long sent, out _, out _);
        c.OnSuccessResponse(sent, 0);
        for (long t = 1000; t < 30_000; t += 1000)
        {
            c.OnPingSent(BitConverter.GetBytes(t).Concat(new byte[4]).ToArray(), t, false, true, IceRole.Controlling);
            c.UpdateState(t, Config, out bool lost);
            Assert.False(lost);
        }

        Assert.Equal(ConnectionWriteState.WriteConnect, c.WriteState); // 'w' after 5 unanswered checks over 5 s
        Assert.Equal(30_000, c.NextStateDeadline(Config));
        c.UpdateState(30_000, Config, out bool consentLost);
        Assert.True(consentLost);
        Assert.Equal(IceCheckState.Failed, c.CheckState);
        Assert.Equal("---", c.StateLetters);
    }

    [Fact]
    public void NeverAnswered_FailsAfterConnectTimeout()
    {
        Connection c = Make(out _);
        c.OnPingSent(new byte[12], 0, false, false, IceRole.Controlling);
        c.UpdateState(14_999, Config, out _);
        Assert.Equal(IceCheckState.InProgress, c.CheckState);
        c.UpdateState(15_000, Config, out _);
        Assert.Equal(IceCheckState.Failed, c.CheckState);
    }

    [Fact]
    public void RttEstimator_SmoothsLikeLibwebrtc()
    {
        var rtt = new RttEstimator();
        rtt.AddSample(100);
        rtt.AddSample(200);
        Assert.Equal(125, rtt.SmoothedMilliseconds);
        Assert.Equal(300, rtt.TotalMilliseconds);
        Assert.Equal(2, rtt.SampleCount);
    }

    [Fact]
    public void Send_CountsBytesAndGoesThroughThePort()
    {
        Connection c = Make(out FakePort port);
        Assert.True(c.Send([0x80, 1, 2]));
        Assert.Equal(3, c.BytesSent);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.174.1"), 2584), port.Sent[0].To);
    }
}

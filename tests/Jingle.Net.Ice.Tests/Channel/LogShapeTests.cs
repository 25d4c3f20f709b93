using System.Text.RegularExpressions;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>The verbose log reads like the libjingle fixture (shared/fixtures/libjingle-connectivity-log.txt).</summary>
public sealed partial class LogShapeTests
{
    [GeneratedRegex(@"^Conn\[\d+:a:local:eth0:\d+->a:local:203\.0\.113\.12:\d+\|(C-w|CRw|CRW)\|udp\]: (sendstun|\[r\]CRw|got valid STUN response|\[w\]CRW)")]
    private static partial Regex ConnLine();

    [Fact]
    public void Connection_GoesCw_SendStun_ThenCRw_ThenValidResponse_ThenCRW()
    {
        using var bed = new IceTestBed();
        var logs = new CapturingLoggerFactory();
        var a = new IcePeer("a", bed.AddHost("a", null, 1), IceRole.Controlling, loggerFactory: logs);
        var b = new IcePeer("b", bed.AddHost("b", null, 2), IceRole.Controlled);
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.IsWritable, TimeSpan.FromSeconds(2));

        string[] lines = [.. logs.Lines.Where(l => l.EventId is >= 2000 and <= 2003).Select(l => l.Message)];
        Assert.All(lines, l => Assert.Matches(ConnLine(), l));
        string[] kinds = [.. lines.Select(l => l[(l.IndexOf("]: ", StringComparison.Ordinal) + 3)..])];
        Assert.Equal(["sendstun", "[r]CRw", "got valid STUN response", "[w]CRW"], kinds.Distinct().Take(4));
        Assert.EndsWith("|C-w|udp]: sendstun", lines[0]);
        Assert.EndsWith("|CRW|udp]: [w]CRW", lines.Last(l => l.EndsWith("[w]CRW", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("Port[a:local:Net[1:eth0]]: got request, send response", StringComparison.Ordinal));
    }
}

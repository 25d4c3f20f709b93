using System.Net;
using System.Text.RegularExpressions;
using Jingle.Net.Base;
using Jingle.Net.Stun.Server;
using Jingle.Net.Stun.Turn.Server;
using Jingle.Net.Testing;

namespace Jingle.Net.Stun.Tests.Interop;

/// <summary>coturn's reference clients (turnutils_stunclient, turnutils_uclient) against our STUN and TURN servers.</summary>
[Trait("Category", TestCategories.Interop)]
public sealed partial class CoturnToolsAgainstOurServersTests
{
    private static readonly JingleEnvironment Env = JingleEnvironment.CreateDefault();

    [Fact]
    public async Task TurnutilsStunclient_GetsReflexiveAddressFromOurServer()
    {
        string stunclient = Requires.Program("turnutils_stunclient", "Debian package coturn");
        await using StunServer server = StunServer.Start(Env, new StunServerOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) });
        await using ExternalProcess process = ExternalProcess.Start("timeout",
            ["10", stunclient, "-p", server.LocalEndPoint.Port.ToString(), "127.0.0.1"]);
        int exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.True(exit == 0, process.Output);
        Assert.Matches(@"UDP reflexive addr: 127\.0\.0\.1:\d+", process.Output);
        Assert.True(server.Core.BindingRequests >= 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TurnutilsUclient_RelaysThroughOurServer_WithNoLoss(bool tcp)
    {
        string uclient = Requires.Program("turnutils_uclient", "Debian package coturn");
        string peerProgram = Requires.Program("turnutils_peer", "Debian package coturn");
        await using TurnServer server = TurnServer.Start(Env, new TurnServerOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, FreePort.Get()),
            Realm = "jingle.test",
            Users = new Dictionary<string, string> { ["carol"] = "carol-pass" },
            AllowLoopbackPeers = true,
            MinRelayPort = 0,
            MaxRelayPort = 0,
        });
        int peerPort = FreePort.Get();
        await using ExternalProcess peer = ExternalProcess.Start(peerProgram, ["-L", "127.0.0.1", "-p", peerPort.ToString()]);
        await Task.Delay(300, TestContext.Current.CancellationToken);

        var arguments = new List<string>
        {
            "30", uclient, "-e", "127.0.0.1", "-r", peerPort.ToString(), "-u", "carol", "-w", "carol-pass",
            "-p", server.LocalEndPoint.Port.ToString(), "-n", "50", "-m", "2", "-l", "170", "-c",
        };
        if (tcp)
        {
            arguments.Insert(2, "-t");
        }

        arguments.Add("127.0.0.1");
        await using ExternalProcess client = ExternalProcess.Start("timeout", arguments);
        int exit = await client.WaitForExitAsync(TimeSpan.FromSeconds(40));
        string output = client.Output;
        Assert.True(exit == 0, output);
        Match lost = LostPackets().Match(output);
        Assert.True(lost.Success, output);
        Assert.Equal("0", lost.Groups[1].Value);
        Match totals = Totals().Match(output);
        Assert.True(totals.Success, output);
        Assert.Equal("100", totals.Groups[1].Value); // 2 clients x 50 messages
        Assert.Equal("100", totals.Groups[2].Value);
        Assert.True(server.Statistics.RelayedToPeers > 0);
    }

    [GeneratedRegex(@"Total lost packets (\d+)")]
    private static partial Regex LostPackets();

    [GeneratedRegex(@"start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+)")]
    private static partial Regex Totals();
}

using System.Net;

namespace Jingle.Net.Tests.PeerConnection;

/// <summary>Shared by the <c>turns:</c> tests: a data channel echo through a relay-only pair, then the relay checks.</summary>
internal static class RelayedEcho
{
    /// <summary>
    /// Connects <paramref name="pair"/> with a data channel, echoes 32 KiB back from the answerer, and asserts for both
    /// peers that the selected pair is relay-to-relay on 127.0.0.1 and that only relay candidates were signaled.
    /// </summary>
    public static async Task RunAsync(PeerPair pair, string label)
    {
        (RtcDataChannel a, RtcDataChannel b) = await pair.ConnectWithChannelAsync(label);
        b.MessageReceived += (_, m) => b.Send(m.Data);
        byte[] payload = [.. Enumerable.Range(0, 32 * 1024).Select(i => (byte)(i * 3))];
        Task<List<DataChannelMessageEventArgs>> echoed = PeerConnectionLoopbackTests.Collect(a, 1);
        a.Send(payload);

        Assert.Equal(payload, (await echoed.WaitAsync(PeerPair.Timeout))[0].Data);
        foreach (Net.PeerConnection pc in new[] { pair.Offerer, pair.Answerer })
        {
            RtcStatsReport report = await pc.GetStatsAsync();
            RtcStats transport = Assert.Single(report.OfType("transport"));
            RtcStats selected = report[(string)transport["selectedCandidatePairId"]!];
            RtcStats local = report[(string)selected["localCandidateId"]!];
            RtcStats remote = report[(string)selected["remoteCandidateId"]!];
            Assert.Equal("relay", local["candidateType"]);
            Assert.Equal("relay", remote["candidateType"]);
            Assert.Equal(IPAddress.Loopback.ToString(), local["address"]);
            Assert.All(pc.LocalDescription!.Sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)),
                l => Assert.Contains(" typ relay", l, StringComparison.Ordinal));
        }
    }
}

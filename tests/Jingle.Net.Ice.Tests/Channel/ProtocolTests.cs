using System.Net;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Stun;
using Jingle.Net.Ice.Tests.Support;

namespace Jingle.Net.Ice.Tests.Channel;

/// <summary>Role conflicts, trickle, authentication failures, ICE restart, ICE-lite, nomination modes, legacy GICE.</summary>
public sealed class ProtocolTests(ITestOutputHelper output)
{
    private static (IcePeer A, IcePeer B) Pair(IceTestBed bed, IceRole roleA, IceRole roleB, IceConfig? configA = null, IceConfig? configB = null)
    {
        var a = new IcePeer("a", bed.AddHost("a", null, 1), roleA, configA);
        var b = new IcePeer("b", bed.AddHost("b", null, 2), roleB, configB);
        return (a, b);
    }

    private static void Start(IceTestBed bed, IcePeer a, IcePeer b)
    {
        bed.Wire(a, b);
        a.Channel.StartGathering();
        b.Channel.StartGathering();
    }

    private static bool BothWritable(IcePeer a, IcePeer b) => a.Channel.IsWritable && b.Channel.IsWritable;

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void RoleConflict_IsRepaired_ExactlyOneSideControls(IceRole both)
    {
        using var bed = new IceTestBed();
        (IcePeer a, IcePeer b) = Pair(bed, both, both);
        Start(bed, a, b);
        bed.RunUntil(() => a.Channel.State == IceTransportState.Completed && b.Channel.State == IceTransportState.Completed, TimeSpan.FromSeconds(5));

        Assert.True(BothWritable(a, b));
        Assert.NotEqual(a.Channel.Role, b.Channel.Role);
        Assert.True(a.Channel.GetStats().RoleConflicts + b.Channel.GetStats().RoleConflicts >= 1);
        IcePeer controlling = a.Channel.Role == IceRole.Controlling ? a : b;
        IcePeer winner = a.Channel.TieBreaker >= b.Channel.TieBreaker ? a : b;
        Assert.Equal(both == IceRole.Controlling ? winner : (a.Channel.TieBreaker >= b.Channel.TieBreaker ? a : b), controlling);
        Assert.True(a.Selected!.Nominated && b.Selected!.Nominated);
    }

    [Fact]
    public void Trickle_CandidatesBeforeParametersAndInReverseOrder_StillConnects()
    {
        using var bed = new IceTestBed();
        bed.AddStunServer();
        var a = new IcePeer("a", bed.AddHost("a", NatType.FullCone, 1), IceRole.Controlling, allocator: IceTestBed.Allocator(bed.StunEndPoint));
        var b = new IcePeer("b", bed.AddHost("b", NatType.RestrictedCone, 2), IceRole.Controlled, allocator: IceTestBed.Allocator(bed.StunEndPoint));
        a.Channel.StartGathering();
        b.Channel.StartGathering();
        bed.RunUntil(() => a.Channel.GatheringState == IceGatheringState.Complete && b.Channel.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(5));
        Assert.Equal(2, a.Gathered.Count);

        // b learns a's candidates (last first) before a's ufrag/pwd; a learns b's only 300 ms later.
        foreach (IceCandidate c in Enumerable.Reverse(a.Gathered))
        {
            b.Channel.AddRemoteCandidate(c with { Ufrag = null });
        }

        bed.Run(TimeSpan.FromMilliseconds(100));
        Assert.False(b.Channel.IsWritable);
        b.Channel.SetRemoteParameters(a.Parameters);
        a.Channel.SetRemoteParameters(b.Parameters);
        bed.Run(TimeSpan.FromMilliseconds(300));
        foreach (IceCandidate c in Enumerable.Reverse(b.Gathered))
        {
            a.Channel.AddRemoteCandidate(c);
        }

        a.Channel.AddRemoteEndOfCandidates();
        b.Channel.AddRemoteEndOfCandidates();
        bed.RunUntil(() => a.Channel.State == IceTransportState.Completed && b.Channel.State == IceTransportState.Completed, TimeSpan.FromSeconds(5));

        Assert.Equal(IceTransportState.Completed, a.Channel.State);
        Assert.Equal(IceTransportState.Completed, b.Channel.State);
        Assert.Equal(CandidateType.ServerReflexive, a.Selected!.RemoteCandidate.Type); // learned prflx replaced by the signaled srflx
    }

    [Fact]
    public void AuthenticatedChecksFromEverNewAddresses_DoNotGrowTheCandidateListWithoutBound()
    {
        using var bed = new IceTestBed();
        (IcePeer a, IcePeer b) = Pair(bed, IceRole.Controlling, IceRole.Controlled);
        Start(bed, a, b);
        bed.RunUntil(() => a.Channel.State == IceTransportState.Completed, TimeSpan.FromSeconds(5));
        var target = a.Gathered[0].EndPoint!;
        int before = a.Channel.PeerReflexiveCandidateCount;

        // A peer that knows the credentials but sends each check from a new port (RFC 8445 §7.3.1.3 would make
        // every one a peer-reflexive candidate).
        VirtualHost roamer = bed.Network.AddHost("roamer", IPAddress.Parse("203.0.113.77"));
        byte[] buffer = new byte[600];
        byte[] tid = new byte[12];
        var sockets = new List<IUdpSocket>();
        for (int i = 0; i < 2 * P2PTransportChannel.MaxPeerReflexiveCandidates; i++)
        {
            IUdpSocket socket = roamer.BindUdp(new IPEndPoint(roamer.Address, 6000 + i));
            socket.Start((_, _, _, _) => { });
            sockets.Add(socket);
            tid[0] = (byte)i;
            tid[1] = (byte)(i >> 8);
            var check = new IceStunWriter(buffer, IceStunConstants.BindingRequest, tid);
            check.AddUsername(System.Text.Encoding.UTF8.GetBytes(a.Parameters.Ufrag + ":" + b.Parameters.Ufrag));
            check.AddUInt32(IceStunConstants.Priority, 1);
            check.AddUInt64(IceStunConstants.IceControlled, 1);
            check.AddMessageIntegrity(System.Text.Encoding.UTF8.GetBytes(a.Parameters.Password));
            check.AddFingerprint();
            socket.SendTo(check.Written, target);
        }

        bed.Run(TimeSpan.FromMilliseconds(50));

        Assert.True(a.Channel.PeerReflexiveCandidateCount > before, "authenticated checks from new addresses create prflx candidates");
        Assert.True(a.Channel.PeerReflexiveCandidateCount <= P2PTransportChannel.MaxPeerReflexiveCandidates,
            $"{a.Channel.PeerReflexiveCandidateCount} prflx candidates kept; the cap is {P2PTransportChannel.MaxPeerReflexiveCandidates}");
        Assert.Equal(IceTransportState.Completed, a.Channel.State);
        foreach (IUdpSocket socket in sockets)
        {
            socket.Dispose();
        }
    }

    [Fact]
    public void MalformedStunAndWrongPassword_AreAnsweredOrDropped_CountedWithoutStateChange()
    {
        using var bed = new IceTestBed();
        (IcePeer a, IcePeer b) = Pair(bed, IceRole.Controlling, IceRole.Controlled);
        Start(bed, a, b);
        bed.RunUntil(() => a.Channel.State == IceTransportState.Completed, TimeSpan.FromSeconds(5));
        IceTransportStats before = a.Channel.GetStats();
        var target = a.Gathered[0].EndPoint!;

        VirtualHost attacker = bed.Network.AddHost("mallory", IPAddress.Parse("203.0.113.66"));
        IUdpSocket socket = attacker.BindUdp(new IPEndPoint(attacker.Address, 5000));
        var answers = new List<int>();
        socket.Start((_, packet, _, _) =>
        {
            if (IceStunMessage.TryParse(packet, out IceStunMessage m) == IceStunParseResult.Ok)
            {
                answers.Add(m.ErrorCode);
            }
        });

        byte[] buffer = new byte[600];
        byte[] tid = new byte[12];
        // 1. garbage that claims to be STUN (first byte 0), 2. truncated header, 3. bad FINGERPRINT
        socket.SendTo([0x00, 0x01, 0x00, 0x50, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 6, 0, 99], target);
        socket.SendTo([0x01, 0x01, 0x00], target);
        var bad = new IceStunWriter(buffer, IceStunConstants.BindingRequest, tid);
        bad.AddFingerprint();
        byte[] corrupted = bad.Written.ToArray();
        corrupted[^1] ^= 0xFF;
        socket.SendTo(corrupted, target);
        // 4. right ufrag, wrong password -> 401; 5. no MESSAGE-INTEGRITY -> 400
        var wrong = new IceStunWriter(buffer, IceStunConstants.BindingRequest, tid);
        wrong.AddUsername(System.Text.Encoding.UTF8.GetBytes(a.Parameters.Ufrag + ":" + b.Parameters.Ufrag));
        wrong.AddUInt32(IceStunConstants.Priority, 1);
        wrong.AddUInt64(IceStunConstants.IceControlled, 1);
        wrong.AddMessageIntegrity("not-the-password-at-all"u8);
        wrong.AddFingerprint();
        socket.SendTo(wrong.Written, target);
        var missing = new IceStunWriter(buffer, IceStunConstants.BindingRequest, tid);
        missing.AddUsername(System.Text.Encoding.UTF8.GetBytes(a.Parameters.Ufrag + ":" + b.Parameters.Ufrag));
        missing.AddFingerprint();
        socket.SendTo(missing.Written, target);
        bed.Run(TimeSpan.FromMilliseconds(20));

        IceTransportStats after = a.Channel.GetStats();
        Assert.Equal(before.MalformedStunDropped + 3, after.MalformedStunDropped);
        Assert.Equal(before.UnauthorizedAnswered + 1, after.UnauthorizedAnswered);
        Assert.Equal(before.BadRequestsAnswered + 1, after.BadRequestsAnswered);
        Assert.Equal([401, 400], answers);
        Assert.Equal(before.Pairs.Count, after.Pairs.Count); // no peer-reflexive candidate learned
        Assert.Equal(before.SelectedPair!.ConnectionId, after.SelectedPair!.ConnectionId);
        Assert.Equal(IceTransportState.Completed, a.Channel.State);
        socket.Dispose();
    }

    [Fact]
    public void IceRestart_TrafficStaysOnOldPairUntilNewGenerationIsWritable()
    {
        using var bed = new IceTestBed();
        (IcePeer a, IcePeer b) = Pair(bed, IceRole.Controlling, IceRole.Controlled);
        Start(bed, a, b);
        bed.RunUntil(() => a.Channel.State == IceTransportState.Completed, TimeSpan.FromSeconds(5));
        string oldUfrag = a.Parameters.Ufrag;
        int oldConnection = a.Selected!.ConnectionId;

        var newA = IceParameters.Create(a.Environment.Random);
        var newB = IceParameters.Create(b.Environment.Random);
        a.Parameters = newA;
        b.Parameters = newB;
        a.Channel.SetLocalParameters(newA); // trickles new candidates to b right away (ahead of the parameters)
        Assert.True(a.Channel.IsWritable);
        Assert.Equal(oldConnection, a.Selected!.ConnectionId);
        Assert.True(a.Channel.Send([0x80, 1]));
        b.Channel.SetRemoteParameters(newA);
        b.Channel.SetLocalParameters(newB);
        a.Channel.SetRemoteParameters(newB);
        bool alwaysWritable = true;
        TimeSpan elapsed = bed.RunUntil(() =>
        {
            alwaysWritable &= a.Channel.IsWritable && b.Channel.IsWritable;
            return a.Selected!.LocalCandidate.Ufrag == newA.Ufrag && a.Selected.RemoteCandidate.Ufrag == newB.Ufrag
                && b.Selected!.LocalCandidate.Ufrag == newB.Ufrag && b.Selected.RemoteCandidate.Ufrag == newA.Ufrag;
        }, TimeSpan.FromSeconds(5));
        output.WriteLine($"restart done in {elapsed.TotalMilliseconds} ms: {a.Selected!.Description}");

        Assert.True(alwaysWritable, "writability dropped during the restart");
        Assert.NotEqual(oldUfrag, a.Selected.LocalCandidate.Ufrag);
        Assert.All(a.Channel.GetStats().Pairs, p => Assert.Equal(newA.Ufrag, p.LocalCandidate.Ufrag)); // old generation pruned
        Assert.True(a.Channel.Send([0x80, 2]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(b.Received, p => p[1] == 2);
    }

    [Fact]
    public void RemoteIceLite_FullAgentControlsAndLiteNeverChecks()
    {
        using var bed = new IceTestBed();
        (IcePeer a, IcePeer b) = Pair(bed, IceRole.Controlled, IceRole.Controlling, configB: new IceConfig { IceLite = true });
        Start(bed, a, b);
        bed.RunUntil(() => a.Channel.State == IceTransportState.Completed && b.Channel.State == IceTransportState.Completed, TimeSpan.FromSeconds(5));

        Assert.Equal(IceRole.Controlling, a.Channel.Role);
        Assert.Equal(IceRole.Controlled, b.Channel.Role);
        Assert.True(BothWritable(a, b));
        Assert.All(b.Channel.GetStats().Pairs, p => Assert.Equal(0, p.RequestsSent));
        Assert.True(b.Selected!.Nominated);
        Assert.True(b.Channel.Send([0x80, 5]));
        bed.Run(TimeSpan.FromMilliseconds(10));
        Assert.Contains(a.Received, p => p[1] == 5);
    }

    [Theory]
    [InlineData(IceNominationMode.Aggressive)]
    [InlineData(IceNominationMode.Renomination)]
    public void NominationModes_Complete(IceNominationMode mode)
    {
        using var bed = new IceTestBed();
        var config = new IceConfig { Nomination = mode };
        (IcePeer a, IcePeer b) = Pair(bed, IceRole.Controlling, IceRole.Controlled, config, config);
        Start(bed, a, b);
        TimeSpan elapsed = bed.RunUntil(() => b.Selected?.Nominated == true, TimeSpan.FromSeconds(5));
        Assert.True(b.Selected!.Nominated);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(mode == IceNominationMode.Aggressive ? 20 : 400), $"{mode} nominated after {elapsed}");
    }

    [Fact]
    public void LegacyGoogleIce_ConnectsWithoutMessageIntegrity()
    {
        using var bed = new IceTestBed();
        var config = new IceConfig { LegacyGoogleIce = true };
        (IcePeer a, IcePeer b) = Pair(bed, IceRole.Controlling, IceRole.Controlled, config, config);
        Start(bed, a, b);
        bed.RunUntil(() => BothWritable(a, b), TimeSpan.FromSeconds(5));
        Assert.True(BothWritable(a, b));

        // What a GICE check looks like on the wire: a sniffing socket posing as a remote candidate.
        VirtualHost sniffer = bed.Network.AddHost("sniffer", IPAddress.Parse("203.0.113.77"));
        IUdpSocket socket = sniffer.BindUdp(new IPEndPoint(sniffer.Address, 6000));
        var captured = new List<byte[]>();
        socket.Start((_, packet, _, _) => captured.Add(packet.ToArray()));
        a.Channel.AddRemoteCandidate(IceCandidate.Parse("candidate:9 1 udp 100 203.0.113.77 6000 typ host"));
        bed.RunUntil(() => captured.Count > 0, TimeSpan.FromSeconds(2));

        Assert.NotEmpty(captured);
        Assert.Equal(IceStunParseResult.Ok, IceStunMessage.TryParse(captured[0], out IceStunMessage request));
        Assert.True(request.IsRequest);
        Assert.True(request.IntegrityOffset < 0);
        Assert.False(request.HasControlling || request.HasControlled || request.HasPriority);
        Assert.Equal(b.Parameters.Ufrag + a.Parameters.Ufrag, System.Text.Encoding.UTF8.GetString(request.Username));

        // libjingle's "Received STUN response with bad username": a response must echo our USERNAME.
        long dropped = a.Channel.GetStats().ResponsesDropped;
        byte[] buffer = new byte[600];
        var response = new IceStunWriter(buffer, IceStunConstants.BindingSuccessResponse, request.TransactionId);
        response.AddAddress(IceStunConstants.MappedAddress, new IPEndPoint(IPAddress.Parse("203.0.113.11"), 1));
        response.AddUsername("someoneelse"u8);
        socket.SendTo(response.Written, a.Gathered[0].EndPoint!);
        bed.Run(TimeSpan.FromMilliseconds(5));
        Assert.Equal(dropped + 1, a.Channel.GetStats().ResponsesDropped);
        Assert.DoesNotContain(a.Channel.GetStats().Pairs, p => p.RemoteCandidate.Host == "203.0.113.77" && p.WriteState == ConnectionWriteState.Writable);
        socket.Dispose();
    }

    [Fact]
    public void RemoteCandidates_MdnsOtherComponentAndTcp_AreIgnoredCleanly()
    {
        using var bed = new IceTestBed();
        (IcePeer a, IcePeer b) = Pair(bed, IceRole.Controlling, IceRole.Controlled);
        a.Channel.SetRemoteParameters(b.Parameters);
        a.Channel.StartGathering();
        a.Channel.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2130706431 3f1c7b2e-1d2f-4b8a-9a51-0c1f2e3d4c5b.local 5000 typ host"));
        a.Channel.AddRemoteCandidate(IceCandidate.Parse("candidate:2 2 udp 2130706431 203.0.113.12 5001 typ host"));
        a.Channel.AddRemoteCandidate(IceCandidate.Parse("candidate:3 1 tcp 2130706431 203.0.113.12 9 typ host tcptype active"));
        bed.Run(TimeSpan.FromMilliseconds(100));

        Assert.Empty(a.Channel.GetStats().Pairs);
        Assert.Equal(IceTransportState.New, a.Channel.State);
        a.Channel.AddRemoteCandidate(IceCandidate.Parse("candidate:4 1 udp 2130706431 203.0.113.12 5002 typ host"));
        Assert.Single(a.Channel.GetStats().Pairs);
    }
}

using System.Net;
using Jingle.Net.Stun.Attributes;
using Jingle.Net.Stun.Turn;

namespace Jingle.Net.Stun.Tests.Turn;

/// <summary>
/// RFC 8489 §9.2.5 per-transaction response validation in the TURN client: forged responses that arrive before the
/// genuine one (same transaction id) are discarded and counted, the genuine one completes the request; the
/// unauthenticated 401 and the 438 of the nonce flow carry no integrity and are still processed.
/// </summary>
public sealed class TurnResponseValidationTests
{
    private static readonly IPEndPoint Attacker = new(IPAddress.Parse("203.0.113.66"), 5000);

    [Fact]
    public async Task Allocate_ForgedSuccessWithBadIntegrity_IsDiscardedCountedAndGenuineAccepted()
    {
        await using var rig = new TurnVirtualRig();
        rig.Proxy.Forge = genuine => genuine.Type.Method == StunMethod.Allocate && genuine.Type.Class == StunClass.SuccessResponse
            ? [ForgingTurnProxy.SignedWithWrongKey(genuine, TurnVirtualRig.Username, TurnVirtualRig.Realm, m =>
            {
                m.Attributes.RemoveAll(a => a is XorRelayedAddressAttribute);
                m.Attributes.Add(new XorRelayedAddressAttribute(Attacker));
            })]
            : null;

        TurnClient turn = rig.Allocate();
        IPEndPoint genuineRelay = rig.Proxy.GenuineResponses.Last().GetAttribute<XorRelayedAddressAttribute>()!.EndPoint;
        Assert.Equal(1, rig.Proxy.ForgedSent);
        Assert.Equal(genuineRelay, turn.RelayedAddress);
        Assert.NotEqual(Attacker, turn.RelayedAddress);
        Assert.Equal(1, turn.Connection.Requester.DiscardedResponses);
    }

    [Fact]
    public async Task Refresh_ForgedErrorResponses_WithBadOrMissingIntegrity_AreIgnored()
    {
        await using var rig = new TurnVirtualRig();
        TurnClient turn = rig.Allocate();
        rig.Proxy.Forge = genuine =>
        {
            if (genuine.Type.Method != StunMethod.Refresh)
            {
                return null;
            }

            var forbidden = new StunMessage(new StunMessageType(StunMethod.Refresh, StunClass.ErrorResponse), genuine.TransactionId,
                [new ErrorCodeAttribute(403, "Forbidden")]);
            return
            [
                ForgingTurnProxy.SignedWithWrongKey(forbidden, TurnVirtualRig.Username, TurnVirtualRig.Realm),
                forbidden.ToArray(StunSecurity.FingerprintOnly), // unsigned: only 401/438 may be
            ];
        };

        rig.Run(turn.RefreshAsync(TimeSpan.FromMinutes(7)));

        Assert.Equal(2, rig.Proxy.ForgedSent);
        Assert.Equal(2, turn.Connection.Requester.DiscardedResponses);
        Assert.Equal(TimeSpan.FromMinutes(7), turn.Lifetime);
        Assert.Equal(1, rig.Server.AllocationCount);
        rig.Proxy.Forge = null;
    }

    [Fact]
    public async Task FirstAllocate_Unauthenticated401WithoutIntegrity_IsProcessed()
    {
        await using var rig = new TurnVirtualRig();
        TurnClient turn = rig.Allocate();
        StunMessage first = rig.Proxy.GenuineResponses[0];
        Assert.Equal(StunClass.ErrorResponse, first.Type.Class);
        Assert.Equal(401, first.ErrorCode);
        Assert.Null(first.GetAttribute<MessageIntegrityAttribute>());
        Assert.Equal(StunClass.SuccessResponse, rig.Proxy.GenuineResponses[1].Type.Class);
        Assert.NotNull(rig.Proxy.GenuineResponses[1].GetAttribute<MessageIntegrityAttribute>());
        Assert.Equal(0, turn.Connection.Requester.DiscardedResponses);
    }

    [Fact]
    public async Task Refresh_StaleNonce438WithoutIntegrity_IsProcessedAndRetried()
    {
        await using var rig = new TurnVirtualRig(nonceLifetime: TimeSpan.FromSeconds(30));
        TurnClient turn = rig.Allocate();
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        rig.Run(turn.RefreshAsync(TimeSpan.FromMinutes(5)));

        Assert.Contains(rig.Proxy.GenuineResponses, r => r.ErrorCode == 438 && r.GetAttribute<MessageIntegrityAttribute>() is null);
        Assert.Equal(1, turn.StaleNonceRetries);
        Assert.Equal(0, turn.Connection.Requester.DiscardedResponses);
        Assert.Equal(TimeSpan.FromMinutes(5), turn.Lifetime);
    }

    [Fact]
    public async Task Allocate_ResponseWithBadFingerprint_IsDropped()
    {
        await using var rig = new TurnVirtualRig();
        rig.Proxy.Forge = genuine =>
        {
            if (genuine.ErrorCode != 401)
            {
                return null;
            }

            // A 403 that would end the allocation if accepted; its FINGERPRINT is wrong.
            var forbidden = new StunMessage(new StunMessageType(StunMethod.Allocate, StunClass.ErrorResponse), genuine.TransactionId,
                [new ErrorCodeAttribute(403, "Forbidden")]);
            byte[] bytes = forbidden.ToArray(StunSecurity.FingerprintOnly);
            bytes[^1] ^= 0xFF;
            return [bytes];
        };

        TurnClient turn = rig.Allocate();
        Assert.Equal(1, rig.Proxy.ForgedSent);
        Assert.Equal(1, turn.Connection.Requester.DiscardedResponses);
        Assert.NotEqual(0, turn.RelayedAddress.Port);
    }
}

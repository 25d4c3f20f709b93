using Jingle.Net.Base;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Stun;

namespace Jingle.Net.Ice.Tests.Ports;

/// <summary>
/// Which responses the UDP TURN port accepts once it holds a long-term key (RFC 8489 §9.2.5, RFC 8656 §7.2/§7.3):
/// a forged, unsigned error such as a 403 must not fail an authenticated Refresh or ChannelBind.
/// </summary>
public sealed class TurnPortResponseAuthenticityTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(2, 16).Select(i => (byte)i)];

    [Theory]
    [InlineData(StunClass.SuccessResponse, 0, "none", false)]
    [InlineData(StunClass.SuccessResponse, 0, "right", true)]
    [InlineData(StunClass.SuccessResponse, 0, "wrong", false)]
    [InlineData(StunClass.ErrorResponse, 403, "none", false)]
    [InlineData(StunClass.ErrorResponse, 437, "none", false)]
    [InlineData(StunClass.ErrorResponse, 403, "right", true)]
    [InlineData(StunClass.ErrorResponse, 403, "wrong", false)]
    [InlineData(StunClass.ErrorResponse, 401, "none", true)]
    [InlineData(StunClass.ErrorResponse, 438, "none", true)]
    [InlineData(StunClass.ErrorResponse, 438, "wrong", false)]
    public void Response_IsAuthenticOnlyWhenSignedWithOurKey_Or_IsAnUnsigned401Or438(
        StunClass responseClass, int errorCode, string integrity, bool expected)
    {
        byte[] buffer = new byte[StunConstants.MaxMessageLength];
        var type = new StunMessageType(StunMethod.Refresh, responseClass);
        var writer = new StunMessageWriter(buffer, type, StunTransactionId.CreateRandom(RandomSource.CreateSeeded(errorCode)));
        if (responseClass == StunClass.ErrorResponse)
        {
            writer.AddErrorCode(errorCode);
        }

        if (integrity != "none")
        {
            writer.AddMessageIntegrity(integrity == "right" ? Key : OtherKey);
        }

        writer.AddFingerprint();
        Assert.True(StunMessageReader.TryParse(buffer.AsSpan(0, writer.Length), out StunMessageReader reader, out _));

        Assert.Equal(expected, TurnPort.IsAuthentic(reader, type, Key));
    }
}

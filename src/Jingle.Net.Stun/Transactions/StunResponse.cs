namespace Jingle.Net.Stun.Transactions;

/// <summary>A response to a client transaction: the parsed message, its bytes (for integrity checks) and the RTT.</summary>
public sealed record StunResponse(StunMessage Message, byte[] Raw, TimeSpan RoundTripTime, int Transmissions)
{
    /// <summary>True for a success response.</summary>
    public bool IsSuccess => Message.Type.Class == StunClass.SuccessResponse;

    /// <summary>The ERROR-CODE of an error response, or null.</summary>
    public int? ErrorCode => Message.ErrorCode;
}

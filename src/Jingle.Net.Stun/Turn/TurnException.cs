using Jingle.Net.Stun.Client;

namespace Jingle.Net.Stun.Turn;

/// <summary>
/// A TURN request failed with an error response. <see cref="StunErrorResponseException.Code"/> tells which:
/// 401 bad credentials, 403 Forbidden (peer address refused), 437 Allocation Mismatch, 438 Stale Nonce (after the
/// retry), 441 Wrong Credentials, 486 Allocation Quota Reached, 508 Insufficient Capacity.
/// </summary>
public sealed class TurnException : StunErrorResponseException
{
    public TurnException()
    {
    }

    public TurnException(string message)
        : base(message)
    {
    }

    public TurnException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The error of <paramref name="method"/>.</summary>
    public TurnException(StunMethod method, int code, string? reason)
        : base(method, code, Describe(code, reason))
    {
    }

    private static string Describe(int code, string? reason) => code switch
    {
        StunErrorCodes.Unauthenticated => $"{reason ?? "Unauthenticated"} (wrong username or password?)",
        StunErrorCodes.Forbidden => $"{reason ?? "Forbidden"} (the server refuses this peer address)",
        StunErrorCodes.AllocationMismatch => $"{reason ?? "Allocation Mismatch"} (no allocation for this 5-tuple, or one exists already)",
        StunErrorCodes.WrongCredentials => $"{reason ?? "Wrong Credentials"} (credentials differ from the allocation's)",
        StunErrorCodes.AllocationQuotaReached => $"{reason ?? "Allocation Quota Reached"} (too many allocations for this user)",
        StunErrorCodes.InsufficientCapacity => $"{reason ?? "Insufficient Capacity"} (the server has no relay port free)",
        _ => reason ?? StunErrorCodes.GetReasonPhrase(code),
    };
}

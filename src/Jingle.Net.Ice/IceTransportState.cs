namespace Jingle.Net.Ice;

/// <summary>The state of an ICE transport (W3C RTCIceTransportState; RFC 8445 §6.1.3).</summary>
public enum IceTransportState
{
    /// <summary>Gathering or waiting for remote candidates; no check sent yet.</summary>
    New,

    /// <summary>Checks are running and no pair is usable yet.</summary>
    Checking,

    /// <summary>A usable (writable) pair is selected; checks may still run.</summary>
    Connected,

    /// <summary>A nominated pair is selected and checking is over (end-of-candidates on both sides).</summary>
    Completed,

    /// <summary>The selected pair stopped receiving; the agent is trying to recover.</summary>
    Disconnected,

    /// <summary>Every pair failed, or consent was lost with no alternative (RFC 7675 §5.1): sending stopped.</summary>
    Failed,

    /// <summary>Shut down by the application.</summary>
    Closed,
}

/// <summary>The candidate gathering state (W3C RTCIceGatheringState).</summary>
public enum IceGatheringState
{
    New,
    Gathering,
    Complete,
}

/// <summary>Wire/W3C names of the state enums.</summary>
public static class IceStateExtensions
{
    public static string ToWireString(this IceTransportState state) => state switch
    {
        IceTransportState.New => "new",
        IceTransportState.Checking => "checking",
        IceTransportState.Connected => "connected",
        IceTransportState.Completed => "completed",
        IceTransportState.Disconnected => "disconnected",
        IceTransportState.Failed => "failed",
        IceTransportState.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string ToWireString(this IceGatheringState state) => state switch
    {
        IceGatheringState.New => "new",
        IceGatheringState.Gathering => "gathering",
        IceGatheringState.Complete => "complete",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

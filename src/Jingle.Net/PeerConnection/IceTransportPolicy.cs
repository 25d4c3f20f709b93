namespace Jingle.Net;

/// <summary>W3C RTCIceTransportPolicy: which candidates ICE may use.</summary>
public enum IceTransportPolicy
{
    /// <summary>"all": host, server-reflexive and relay candidates.</summary>
    All,

    /// <summary>"relay": only TURN relay candidates are gathered and used.</summary>
    Relay,
}

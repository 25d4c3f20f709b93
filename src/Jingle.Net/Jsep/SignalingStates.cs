namespace Jingle.Net.Jsep;

/// <summary>Wire strings of <see cref="SignalingState"/>.</summary>
public static class SignalingStates
{
    public static string ToWireString(this SignalingState state) => state switch
    {
        SignalingState.Stable => "stable",
        SignalingState.HaveLocalOffer => "have-local-offer",
        SignalingState.HaveRemoteOffer => "have-remote-offer",
        SignalingState.HaveLocalPrAnswer => "have-local-pranswer",
        SignalingState.HaveRemotePrAnswer => "have-remote-pranswer",
        SignalingState.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}

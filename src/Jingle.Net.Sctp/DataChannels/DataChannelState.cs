namespace Jingle.Net.Sctp.DataChannels;

/// <summary>RTCDataChannelState.</summary>
public enum DataChannelState
{
    Connecting,
    Open,
    Closing,
    Closed,
}

namespace Jingle.Net.Rtp.Rtcp;

/// <summary>Packet status symbols of transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportFeedbackStatus : byte
{
    NotReceived = 0,

    /// <summary>Received; receive delta in one unsigned byte (0–63.75 ms in 250 µs steps).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>Received; receive delta in a signed 16-bit value (250 µs steps).</summary>
    ReceivedLargeDelta = 2,
}

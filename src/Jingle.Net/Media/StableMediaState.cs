using Jingle.Net.Jsep;
using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>
/// What the media side of a PeerConnection looked like the last time the signaling state was stable: the m-line
/// slots, each transceiver's mid and receiving state, and the local and remote descriptions. A rollback (RFC 9429
/// §4.1.8.2, W3C "set the RTCSessionDescription" with type rollback) returns to it. Signaling thread.
/// </summary>
internal sealed class StableMediaState
{
    /// <summary>Nothing negotiated yet: no slots, no associated transceivers, no descriptions.</summary>
    public static readonly StableMediaState Initial = new([], new Dictionary<RtpTransceiver, TransceiverState>(), null, default, null, default);

    public StableMediaState(IReadOnlyList<(string Mid, string Media, bool IsData, bool Rejected, RtpTransceiver? Transceiver)> slots,
        IReadOnlyDictionary<RtpTransceiver, TransceiverState> transceivers, SessionDescription? local, SdpType localType,
        SessionDescription? remote, SdpType remoteType)
    {
        Slots = slots;
        Transceivers = transceivers;
        Local = local;
        LocalType = localType;
        Remote = remote;
        RemoteType = remoteType;
    }

    public IReadOnlyList<(string Mid, string Media, bool IsData, bool Rejected, RtpTransceiver? Transceiver)> Slots { get; }

    public IReadOnlyDictionary<RtpTransceiver, TransceiverState> Transceivers { get; }

    public SessionDescription? Local { get; }

    public SdpType LocalType { get; }

    public SessionDescription? Remote { get; }

    public SdpType RemoteType { get; }

    /// <summary>One transceiver's negotiated state.</summary>
    internal readonly record struct TransceiverState(string? Mid, bool Receiving, IReadOnlyList<uint> RemoteSsrcs,
        RtpTransceiverDirection? CurrentDirection);
}

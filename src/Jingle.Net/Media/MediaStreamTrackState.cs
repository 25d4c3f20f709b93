namespace Jingle.Net;

/// <summary>W3C MediaStreamTrackState.</summary>
public enum MediaStreamTrackState
{
    /// <summary>"live": the track can carry media.</summary>
    Live,

    /// <summary>"ended": stopped for good.</summary>
    Ended,
}

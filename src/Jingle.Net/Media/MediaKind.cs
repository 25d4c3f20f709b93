namespace Jingle.Net;

/// <summary>The kind of a track or transceiver (W3C MediaStreamTrack.kind): "audio" or "video".</summary>
public enum MediaKind
{
    /// <summary>"audio".</summary>
    Audio,

    /// <summary>"video".</summary>
    Video,
}

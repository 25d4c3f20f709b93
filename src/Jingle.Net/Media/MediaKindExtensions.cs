using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>The SDP media names of <see cref="MediaKind"/>.</summary>
internal static class MediaKindExtensions
{
    public static string ToWireString(this MediaKind kind) => kind == MediaKind.Audio ? MediaDescription.AudioMedia : MediaDescription.VideoMedia;

    /// <summary>The usual RTP clock rate of the kind (opus 48 kHz, video 90 kHz), used before a codec is negotiated.</summary>
    public static int DefaultClockRate(this MediaKind kind) => kind == MediaKind.Audio ? 48000 : 90000;

    public static MediaKind? FromMedia(string media) => media switch
    {
        MediaDescription.AudioMedia => MediaKind.Audio,
        MediaDescription.VideoMedia => MediaKind.Video,
        _ => null,
    };
}

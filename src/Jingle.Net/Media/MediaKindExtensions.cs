using Jingle.Net.Sdp;

namespace Jingle.Net;

/// <summary>The SDP media names of <see cref="MediaKind"/>.</summary>
internal static class MediaKindExtensions
{
    public static string ToWireString(this MediaKind kind) => kind == MediaKind.Audio ? MediaDescription.AudioMedia : MediaDescription.VideoMedia;

    public static MediaKind? FromMedia(string media) => media switch
    {
        MediaDescription.AudioMedia => MediaKind.Audio,
        MediaDescription.VideoMedia => MediaKind.Video,
        _ => null,
    };
}

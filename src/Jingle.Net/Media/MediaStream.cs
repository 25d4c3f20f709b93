namespace Jingle.Net;

/// <summary>
/// W3C MediaStream as the <see cref="PeerConnection.Track"/> event reports it: the stream ids of a remote track
/// (a=msid, RFC 8830), each with the remote tracks that named it so far.
/// </summary>
public sealed class MediaStream
{
    private readonly List<MediaStreamTrack> _tracks = [];
    private readonly Lock _lock = new();

    internal MediaStream(string id)
    {
        Id = id;
    }

    /// <summary>The msid stream id.</summary>
    public string Id { get; }

    /// <summary>The tracks of this stream.</summary>
    public IReadOnlyList<MediaStreamTrack> GetTracks()
    {
        lock (_lock)
        {
            return [.. _tracks];
        }
    }

    internal void AddTrack(MediaStreamTrack track)
    {
        lock (_lock)
        {
            if (!_tracks.Contains(track))
            {
                _tracks.Add(track);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "stream " + Id;
}

namespace Jingle.Net.Sdp;

/// <summary>
/// A <c>t=</c> line (RFC 8866 §5.9) with the <c>r=</c> repeat lines (§5.10) that follow it. WebRTC writes <c>t=0 0</c>.
/// </summary>
public sealed class SdpTiming
{
    public SdpTiming()
    {
    }

    public SdpTiming(ulong startTime, ulong stopTime)
    {
        StartTime = startTime;
        StopTime = stopTime;
    }

    public ulong StartTime { get; set; }

    public ulong StopTime { get; set; }

    /// <summary>The values of the <c>r=</c> lines after this <c>t=</c> line, kept as written.</summary>
    public IList<string> Repeats { get; } = new List<string>();
}

namespace Jingle.Net.Sdp;

/// <summary>The direction of an <c>a=rid</c> line (RFC 8851 §10).</summary>
public enum RidDirection
{
    /// <summary>"send".</summary>
    Send,

    /// <summary>"recv".</summary>
    Receive,
}

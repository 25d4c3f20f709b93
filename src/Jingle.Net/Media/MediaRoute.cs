namespace Jingle.Net;

/// <summary>
/// How the worker routes received RTP to one receiver (RFC 8843 §9.2): by the remote SSRCs of its m-section, by
/// the mid header extension, else by a payload type no other m-section uses.
/// </summary>
internal sealed record MediaRoute(RtpReceiver Receiver, string Mid, IReadOnlyList<uint> RemoteSsrcs, IReadOnlyList<int> PayloadTypes);

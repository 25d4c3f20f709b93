namespace Jingle.Net.Cli.Commands;

/// <summary>
/// A response queued for a peer's hanging GET /wait: a message from another peer (<see cref="Pragma"/> = the
/// sender's id, body as the sender posted it) or a peer-list notification from the server (<see cref="Pragma"/> = the
/// receiving peer's own id, body <c>name,id,connected\n</c>), as libwebrtc's peerconnection_server does.
/// </summary>
internal sealed record PcServerMessage(int Pragma, string ContentType, byte[] Body);

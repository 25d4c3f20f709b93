namespace Jingle.Net.Base.Threading;

/// <summary>
/// Work an object defers to the end of the current <see cref="RtcThread"/> work item, registered with
/// <see cref="RtcThread.RegisterEndOfWorkFlush"/>: a UDP socket that coalesces the datagrams one work item sends
/// into one system call (UdpPacketSocket.Send.cs).
/// </summary>
internal interface IRtcThreadFlush
{
    /// <summary>Runs once on the thread after the work item that registered it (also when that item threw).</summary>
    void Flush();
}

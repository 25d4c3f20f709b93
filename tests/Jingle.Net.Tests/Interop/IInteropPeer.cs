namespace Jingle.Net.Tests.Interop;

/// <summary>
/// A real third-party WebRTC peer (aiortc, Chromium) with one data-channel peer connection at a time, driven by a
/// test. SDP goes in and out as complete descriptions (ICE gathering finished, candidates inline, 127.0.0.1 only).
/// As answerer: <see cref="AnswerAsync"/>. As offerer: <see cref="CreateOfferAsync"/> then
/// <see cref="SetAnswerAsync"/>. The peer echoes or sinks what it receives (<see cref="InteropPeerBehaviour"/>);
/// <see cref="ExchangeAsync"/> and <see cref="SendBulkAsync"/> make the real peer the sender.
/// </summary>
public interface IInteropPeer : IAsyncDisposable
{
    /// <summary>Closes any previous connection, applies the remote offer and returns the answer SDP.</summary>
    Task<string> AnswerAsync(string offerSdp);

    /// <summary>Closes any previous connection, creates a data channel <paramref name="label"/> and returns the offer SDP.</summary>
    Task<string> CreateOfferAsync(string label = "echo");

    /// <summary>Applies the remote answer to the offer from <see cref="CreateOfferAsync"/>.</summary>
    Task SetAnswerAsync(string answerSdp);

    /// <summary>Waits until the data channel is open; returns ms from offer/answer start to open as the peer measured it.</summary>
    Task<double> WaitOpenAsync(TimeSpan timeout);

    /// <summary>The real peer sends each message on its data channel and returns the same number of messages it received back.</summary>
    Task<IReadOnlyList<InteropMessage>> ExchangeAsync(IReadOnlyList<InteropMessage> messages, TimeSpan timeout);

    /// <summary>The real peer sends <paramref name="total"/> bytes in <paramref name="chunk"/>-byte binary messages, then asks the sink for its stats.</summary>
    Task<BulkTransferResult> SendBulkAsync(long total, int chunk, TimeSpan timeout);

    /// <summary>The real peer's receive counters (for a sink, what arrived).</summary>
    Task<InteropPeerStats> GetStatsAsync();
}

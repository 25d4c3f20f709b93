using Jingle.Net.Ice.Dtls;
using Microsoft.Extensions.Logging;

namespace Jingle.Net;

/// <summary>
/// How the description operations hand work to the transport: queued on the worker thread, not awaited. Every
/// W3C error (InvalidStateError, InvalidModificationError, OperationError, a malformed SDP) is decided on the
/// signaling thread before anything is queued, so an operation resolves as soon as its signaling-thread part is
/// done, without a round trip through the worker (which may be busy gathering or decrypting). The worker runs the
/// queued steps in the order the operations queued them (one FIFO queue), and every later look at the transport
/// (GetStatsAsync, CloseAsync, another operation's step) is queued behind them, so nothing can observe a description
/// whose transport step has not run yet.
/// </summary>
public sealed partial class PeerConnection
{
    private RtcCertificateFingerprint? _localFingerprint;
    private string? _transportError;

    /// <summary>The local certificate's SHA-256 fingerprint, computed once (every offer and answer carries it).</summary>
    private RtcCertificateFingerprint LocalFingerprint => _localFingerprint ??= _certificate.GetFingerprint();

    /// <summary>Transport steps that threw on the worker (each one fails the connection).</summary>
    internal long TransportStepFailures { get; private set; }

    /// <summary>
    /// Queues <paramref name="step"/> on the worker thread (signaling thread; not awaited). A step that throws is a
    /// bug, not a W3C error: it is logged, counted, and the connection state becomes failed (raised on the signaling
    /// thread) rather than leaving the application waiting for a connection that cannot come.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The worker thread is stopping.</exception>
    internal void RunOnWorker(Action<PeerConnectionTransport> step)
    {
        if (!_worker.Post(static s => s.Pc.RunStep(s.Step), new WorkerStep(this, step)))
        {
            throw new ObjectDisposedException(_worker.Name, "The worker thread is stopping.");
        }
    }

    private void RunStep(Action<PeerConnectionTransport> step)
    {
        try
        {
            step(Transport);
        }
        catch (Exception e)
        {
            JingleLog.TransportStepFailed(_logger, e);
            _signaling.Post(static s => s.Pc.OnTransportStepFailed(s.Error), new StepFailure(this, e.GetType().Name + ": " + e.Message));
        }
    }

    private void OnTransportStepFailed(string error)
    {
        TransportStepFailures++;
        if (_closed)
        {
            return;
        }

        _transportError ??= error;
        UpdateConnectionState();
    }

    private sealed record WorkerStep(PeerConnection Pc, Action<PeerConnectionTransport> Step);

    private sealed record StepFailure(PeerConnection Pc, string Error);
}

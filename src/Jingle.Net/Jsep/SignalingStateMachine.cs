using Jingle.Net.Sdp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jingle.Net.Jsep;

/// <summary>
/// The JSEP signaling state machine (RFC 9429 §3.2, W3C webrtc-pc §4.3.1), sans-I/O: it checks each
/// setLocalDescription/setRemoteDescription against the state and returns the transition, or throws the W3C error.
/// It holds no SDP other than the last created offer and answer (for the munging check).
/// <code>
/// stable               --setLocal(offer)-->      have-local-offer     --setRemote(answer)-->   stable
/// stable               --setRemote(offer)-->     have-remote-offer    --setLocal(answer)-->    stable
/// have-local-offer     --setLocal(offer)-->      have-local-offer     (a new offer replaces the old)
/// have-local-offer     --setRemote(pranswer)-->  have-remote-pranswer --setRemote(answer)-->   stable
/// have-local-offer     --setRemote(offer)-->     have-remote-offer    (W3C implicit rollback)
/// have-remote-offer    --setRemote(offer)-->     have-remote-offer
/// have-remote-offer    --setLocal(pranswer)-->   have-local-pranswer  --setLocal(answer)-->    stable
/// have-local-pranswer  --setLocal(pranswer)-->   have-local-pranswer
/// have-remote-pranswer --setRemote(pranswer)-->  have-remote-pranswer
/// </code>
/// Rollback (either side) returns have-local-offer and have-remote-offer to stable; it is an InvalidStateError in
/// stable and in the pranswer states (W3C §4.4.1.5).
/// </summary>
internal sealed class SignalingStateMachine
{
    private readonly ILogger _logger;

    public SignalingStateMachine(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    public SignalingState State { get; private set; } = SignalingState.Stable;

    /// <summary>
    /// W3C behaviour (default true): setRemoteDescription(offer) in have-local-offer rolls the local offer back
    /// first. False gives RFC 9429's strict behaviour: InvalidStateError.
    /// </summary>
    public bool ImplicitRollback { get; init; } = true;

    /// <summary>The SDP of the last createOffer, or null.</summary>
    public string? LastCreatedOffer { get; private set; }

    /// <summary>The SDP of the last createAnswer, or null.</summary>
    public string? LastCreatedAnswer { get; private set; }

    /// <summary>Records what createOffer returned (W3C [[LastCreatedOffer]]).</summary>
    public void OfferCreated(string sdp)
    {
        EnsureCanCreateOffer();
        LastCreatedOffer = sdp;
    }

    /// <summary>Records what createAnswer returned (W3C [[LastCreatedAnswer]]).</summary>
    public void AnswerCreated(string sdp)
    {
        EnsureCanCreateAnswer();
        LastCreatedAnswer = sdp;
    }

    /// <summary>createOffer is allowed in every state but closed.</summary>
    public void EnsureCanCreateOffer()
    {
        if (State == SignalingState.Closed)
        {
            throw new InvalidStateException("createOffer: the peer connection is closed.");
        }
    }

    /// <summary>createAnswer needs a remote offer: have-remote-offer or have-local-pranswer (W3C §4.4.1.6).</summary>
    public void EnsureCanCreateAnswer()
    {
        if (State is not (SignalingState.HaveRemoteOffer or SignalingState.HaveLocalPrAnswer))
        {
            throw new InvalidStateException("createAnswer in state " + State.ToWireString() + ": there is no remote offer.");
        }
    }

    /// <summary>
    /// setLocalDescription. A non-empty <paramref name="sdp"/> for an offer must equal the last created offer, and
    /// for an answer or pranswer the last created answer; an empty or null one means "the last created" (W3C).
    /// </summary>
    /// <exception cref="InvalidStateException">Not allowed in this state.</exception>
    /// <exception cref="InvalidModificationException">The SDP was changed after createOffer/createAnswer.</exception>
    public SignalingTransition SetLocalDescription(SdpType type, string? sdp = null)
    {
        ThrowIfClosed(DescriptionSource.Local, type);
        if (!string.IsNullOrEmpty(sdp) && type != SdpType.Rollback)
        {
            string? expected = type == SdpType.Offer ? LastCreatedOffer : LastCreatedAnswer;
            if (!string.Equals(NormalizeLineEndings(sdp), expected is null ? null : NormalizeLineEndings(expected), StringComparison.Ordinal))
            {
                string error = "setLocalDescription(" + type.ToWireString() + ") with SDP that differs from the last created " +
                    (type == SdpType.Offer ? "offer" : "answer") + ".";
                JingleLog.SignalingRejected(_logger, "local", type.ToWireString(), State.ToWireString(), InvalidModificationException.W3CName);
                throw new InvalidModificationException(error);
            }
        }

        return Apply(DescriptionSource.Local, type);
    }

    /// <summary>setRemoteDescription.</summary>
    /// <exception cref="InvalidStateException">Not allowed in this state.</exception>
    public SignalingTransition SetRemoteDescription(SdpType type)
    {
        ThrowIfClosed(DescriptionSource.Remote, type);
        return Apply(DescriptionSource.Remote, type);
    }

    /// <summary>close(): the state becomes closed and stays there.</summary>
    public SignalingTransition Close()
    {
        var t = new SignalingTransition(State, SignalingState.Closed, false);
        TransitionTo(SignalingState.Closed, "close", "-");
        return t;
    }

    /// <summary>
    /// The transition table (RFC 9429 §3.2 with W3C's rollback and implicit-rollback rules): the next state, or null
    /// when the operation is an InvalidStateError.
    /// </summary>
    public static SignalingState? Next(SignalingState state, DescriptionSource source, SdpType type, bool implicitRollback)
    {
        bool local = source == DescriptionSource.Local;
        return (state, type) switch
        {
            (SignalingState.Closed, _) => null,
            (SignalingState.HaveLocalOffer or SignalingState.HaveRemoteOffer, SdpType.Rollback) => SignalingState.Stable,
            (_, SdpType.Rollback) => null,
            (SignalingState.Stable, SdpType.Offer) => local ? SignalingState.HaveLocalOffer : SignalingState.HaveRemoteOffer,
            (SignalingState.HaveLocalOffer, SdpType.Offer) =>
                local ? SignalingState.HaveLocalOffer : implicitRollback ? SignalingState.HaveRemoteOffer : null,
            (SignalingState.HaveLocalOffer, SdpType.PrAnswer) => local ? null : SignalingState.HaveRemotePrAnswer,
            (SignalingState.HaveLocalOffer, SdpType.Answer) => local ? null : SignalingState.Stable,
            (SignalingState.HaveRemoteOffer, SdpType.Offer) => local ? null : SignalingState.HaveRemoteOffer,
            (SignalingState.HaveRemoteOffer, SdpType.PrAnswer) => local ? SignalingState.HaveLocalPrAnswer : null,
            (SignalingState.HaveRemoteOffer, SdpType.Answer) => local ? SignalingState.Stable : null,
            (SignalingState.HaveLocalPrAnswer, SdpType.PrAnswer) => local ? SignalingState.HaveLocalPrAnswer : null,
            (SignalingState.HaveLocalPrAnswer, SdpType.Answer) => local ? SignalingState.Stable : null,
            (SignalingState.HaveRemotePrAnswer, SdpType.PrAnswer) => local ? null : SignalingState.HaveRemotePrAnswer,
            (SignalingState.HaveRemotePrAnswer, SdpType.Answer) => local ? null : SignalingState.Stable,
            _ => null,
        };
    }

    private static string NormalizeLineEndings(string sdp) => sdp.Replace("\r\n", "\n", StringComparison.Ordinal);

    private SignalingTransition Apply(DescriptionSource source, SdpType type)
    {
        string side = source == DescriptionSource.Local ? "local" : "remote";
        SignalingState from = State;
        SignalingState? next = Next(from, source, type, ImplicitRollback);
        if (next is not SignalingState to)
        {
            JingleLog.SignalingRejected(_logger, side, type.ToWireString(), from.ToWireString(), InvalidStateException.W3CName);
            throw new InvalidStateException(
                "set" + (source == DescriptionSource.Local ? "Local" : "Remote") + "Description(" + type.ToWireString() +
                ") is not allowed in signaling state " + from.ToWireString() + ".");
        }

        bool implicitRollback = from == SignalingState.HaveLocalOffer && source == DescriptionSource.Remote && type == SdpType.Offer;
        if (implicitRollback)
        {
            JingleLog.ImplicitRollback(_logger);
        }

        TransitionTo(to, side, type.ToWireString());
        return new SignalingTransition(from, to, implicitRollback);
    }

    private void ThrowIfClosed(DescriptionSource source, SdpType type)
    {
        if (State == SignalingState.Closed)
        {
            JingleLog.SignalingRejected(_logger, source == DescriptionSource.Local ? "local" : "remote", type.ToWireString(),
                "closed", InvalidStateException.W3CName);
            throw new InvalidStateException("The peer connection is closed.");
        }
    }

    private void TransitionTo(SignalingState state, string source, string type)
    {
        if (state != State)
        {
            JingleLog.SignalingStateChanged(_logger, State.ToWireString(), state.ToWireString(), source, type);
        }

        State = state;
    }
}

using Jingle.Net.Jsep;

namespace Jingle.Net.Tests.Jsep;

public sealed class SignalingStateMachineTests
{
    private const string Stable = "stable";
    private const string Error = "InvalidStateError";

    /// <summary>
    /// Every (state, operation, type) of RFC 9429 §3.2 with W3C webrtc-pc §4.4.1.5 rollback and implicit-rollback rules:
    /// the expected new state, or InvalidStateError.
    /// </summary>
    public static TheoryData<string, string, string, string> Table => new()
    {
        { "stable", "local", "offer", "have-local-offer" },
        { "stable", "local", "pranswer", Error },
        { "stable", "local", "answer", Error },
        { "stable", "local", "rollback", Error },
        { "stable", "remote", "offer", "have-remote-offer" },
        { "stable", "remote", "pranswer", Error },
        { "stable", "remote", "answer", Error },
        { "stable", "remote", "rollback", Error },

        { "have-local-offer", "local", "offer", "have-local-offer" },
        { "have-local-offer", "local", "pranswer", Error },
        { "have-local-offer", "local", "answer", Error },
        { "have-local-offer", "local", "rollback", Stable },
        { "have-local-offer", "remote", "offer", "have-remote-offer" },
        { "have-local-offer", "remote", "pranswer", "have-remote-pranswer" },
        { "have-local-offer", "remote", "answer", Stable },
        { "have-local-offer", "remote", "rollback", Stable },

        { "have-remote-offer", "local", "offer", Error },
        { "have-remote-offer", "local", "pranswer", "have-local-pranswer" },
        { "have-remote-offer", "local", "answer", Stable },
        { "have-remote-offer", "local", "rollback", Stable },
        { "have-remote-offer", "remote", "offer", "have-remote-offer" },
        { "have-remote-offer", "remote", "pranswer", Error },
        { "have-remote-offer", "remote", "answer", Error },
        { "have-remote-offer", "remote", "rollback", Stable },

        { "have-local-pranswer", "local", "offer", Error },
        { "have-local-pranswer", "local", "pranswer", "have-local-pranswer" },
        { "have-local-pranswer", "local", "answer", Stable },
        { "have-local-pranswer", "local", "rollback", Error },
        { "have-local-pranswer", "remote", "offer", Error },
        { "have-local-pranswer", "remote", "pranswer", Error },
        { "have-local-pranswer", "remote", "answer", Error },
        { "have-local-pranswer", "remote", "rollback", Error },

        { "have-remote-pranswer", "local", "offer", Error },
        { "have-remote-pranswer", "local", "pranswer", Error },
        { "have-remote-pranswer", "local", "answer", Error },
        { "have-remote-pranswer", "local", "rollback", Error },
        { "have-remote-pranswer", "remote", "offer", Error },
        { "have-remote-pranswer", "remote", "pranswer", "have-remote-pranswer" },
        { "have-remote-pranswer", "remote", "answer", Stable },
        { "have-remote-pranswer", "remote", "rollback", Error },

        { "closed", "local", "offer", Error },
        { "closed", "local", "pranswer", Error },
        { "closed", "local", "answer", Error },
        { "closed", "local", "rollback", Error },
        { "closed", "remote", "offer", Error },
        { "closed", "remote", "pranswer", Error },
        { "closed", "remote", "answer", Error },
        { "closed", "remote", "rollback", Error },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Transition(string state, string source, string type, string expected)
    {
        SignalingStateMachine machine = Drive(state);
        Assert.Equal(state, machine.State.ToWireString());
        SdpType sdpType = SdpTypes.Parse(type);
        Func<SignalingTransition> apply = source == "local"
            ? () => machine.SetLocalDescription(sdpType)
            : () => machine.SetRemoteDescription(sdpType);
        if (expected == Error)
        {
            InvalidStateException e = Assert.Throws<InvalidStateException>(() => apply());
            Assert.Equal("InvalidStateError", e.ErrorName);
            Assert.Equal(state, machine.State.ToWireString()); // a rejected operation changes nothing
        }
        else
        {
            SignalingTransition t = apply();
            Assert.Equal(expected, machine.State.ToWireString());
            Assert.Equal(state, t.From.ToWireString());
            Assert.Equal(expected, t.To.ToWireString());
            Assert.Equal(state == "have-local-offer" && source == "remote" && type == "offer", t.ImplicitRollback);
        }
    }

    [Fact]
    public void Table_CoversEveryStateSourceAndType()
    {
        var rows = Table.Select(r => (r.Data.Item1, r.Data.Item2, r.Data.Item3)).ToHashSet();
        Assert.Equal(Enum.GetValues<SignalingState>().Length * 2 * Enum.GetValues<SdpType>().Length, rows.Count);
    }

    [Fact]
    public void StrictJsep_RemoteOfferInHaveLocalOffer_IsInvalidState()
    {
        var machine = new SignalingStateMachine { ImplicitRollback = false };
        machine.SetLocalDescription(SdpType.Offer);
        Assert.Throws<InvalidStateException>(() => machine.SetRemoteDescription(SdpType.Offer));
        Assert.Equal(SignalingState.HaveLocalOffer, machine.State);
    }

    [Fact]
    public void SetLocal_WithModifiedOffer_IsInvalidModification()
    {
        var machine = new SignalingStateMachine();
        machine.OfferCreated("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        InvalidModificationException e = Assert.Throws<InvalidModificationException>(
            () => machine.SetLocalDescription(SdpType.Offer, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=munged\r\nt=0 0\r\n"));
        Assert.Equal("InvalidModificationError", e.ErrorName);
        Assert.Equal(SignalingState.Stable, machine.State);

        // The same text (CRLF or LF) and the implicit form (empty SDP) are accepted.
        machine.SetLocalDescription(SdpType.Offer, "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n");
        Assert.Equal(SignalingState.HaveLocalOffer, machine.State);
        machine.SetLocalDescription(SdpType.Offer, string.Empty);
        Assert.Equal(SignalingState.HaveLocalOffer, machine.State);
    }

    [Fact]
    public void SetLocal_AnswerWithoutCreateAnswer_IsInvalidModification()
    {
        var machine = new SignalingStateMachine();
        machine.SetRemoteDescription(SdpType.Offer);
        Assert.Throws<InvalidModificationException>(() => machine.SetLocalDescription(SdpType.Answer, "v=0\r\n"));
        machine.AnswerCreated("answer-sdp");
        Assert.Throws<InvalidModificationException>(() => machine.SetLocalDescription(SdpType.PrAnswer, "other"));
        machine.SetLocalDescription(SdpType.PrAnswer, "answer-sdp");
        machine.SetLocalDescription(SdpType.Answer, "answer-sdp");
        Assert.Equal(SignalingState.Stable, machine.State);
    }

    [Fact]
    public void CreateAnswer_NeedsARemoteOffer()
    {
        var machine = new SignalingStateMachine();
        Assert.Throws<InvalidStateException>(machine.EnsureCanCreateAnswer);
        machine.SetRemoteDescription(SdpType.Offer);
        machine.EnsureCanCreateAnswer();
        machine.SetLocalDescription(SdpType.PrAnswer);
        machine.EnsureCanCreateAnswer();
        machine.Close();
        Assert.Throws<InvalidStateException>(machine.EnsureCanCreateOffer);
        Assert.Throws<InvalidStateException>(() => machine.OfferCreated("x"));
    }

    [Fact]
    public void Close_IsFinal()
    {
        var machine = new SignalingStateMachine();
        machine.SetLocalDescription(SdpType.Offer);
        SignalingTransition t = machine.Close();
        Assert.Equal((SignalingState.HaveLocalOffer, SignalingState.Closed), (t.From, t.To));
        Assert.True(t.Changed);
        Assert.Throws<InvalidStateException>(() => machine.SetRemoteDescription(SdpType.Answer));
        Assert.Equal(SignalingState.Closed, machine.State);
    }

    [Fact]
    public void FullExchange_OfferPrAnswerAnswer()
    {
        var offerer = new SignalingStateMachine();
        var answerer = new SignalingStateMachine();
        offerer.SetLocalDescription(SdpType.Offer);
        answerer.SetRemoteDescription(SdpType.Offer);
        answerer.SetLocalDescription(SdpType.PrAnswer);
        offerer.SetRemoteDescription(SdpType.PrAnswer);
        answerer.SetLocalDescription(SdpType.Answer);
        SignalingTransition t = offerer.SetRemoteDescription(SdpType.Answer);
        Assert.Equal((SignalingState.HaveRemotePrAnswer, SignalingState.Stable), (t.From, t.To));
        Assert.Equal(SignalingState.Stable, answerer.State);
    }

    [Theory]
    [InlineData(SignalingState.Stable, "stable")]
    [InlineData(SignalingState.HaveLocalOffer, "have-local-offer")]
    [InlineData(SignalingState.HaveRemoteOffer, "have-remote-offer")]
    [InlineData(SignalingState.HaveLocalPrAnswer, "have-local-pranswer")]
    [InlineData(SignalingState.HaveRemotePrAnswer, "have-remote-pranswer")]
    [InlineData(SignalingState.Closed, "closed")]
    public void SignalingState_WireStrings(SignalingState state, string wire) => Assert.Equal(wire, state.ToWireString());

    /// <summary>Brings a fresh machine into <paramref name="state"/> through legal operations.</summary>
    private static SignalingStateMachine Drive(string state)
    {
        var m = new SignalingStateMachine();
        switch (state)
        {
            case "have-local-offer":
                m.SetLocalDescription(SdpType.Offer);
                break;
            case "have-remote-offer":
                m.SetRemoteDescription(SdpType.Offer);
                break;
            case "have-local-pranswer":
                m.SetRemoteDescription(SdpType.Offer);
                m.SetLocalDescription(SdpType.PrAnswer);
                break;
            case "have-remote-pranswer":
                m.SetLocalDescription(SdpType.Offer);
                m.SetRemoteDescription(SdpType.PrAnswer);
                break;
            case "closed":
                m.Close();
                break;
        }

        return m;
    }
}

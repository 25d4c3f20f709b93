using FsCheck;
using FsCheck.Fluent;

namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class XmppEnginePropertyTests
{
    [Fact]
    public void ArbitraryServerBytes_AfterOpen_NeverThrow_AndEitherStayOpenOrCloseWithACondition()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            using var h = new EngineHarness();
            h.LoginToOpen();
            h.Engine.HandleInput(bytes);
            return h.Engine.State == XmppEngineState.Open
                || (h.Engine.State == XmppEngineState.Closed && h.Engine.ErrorCondition is not null && h.Output.Closed);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ArbitraryServerBytes_DuringLogin_NeverThrow()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            using var h = new EngineHarness();
            h.Engine.Connect();
            h.Server(EngineHarness.ServerHeader);
            h.Engine.HandleInput(bytes);
            return h.Engine.State is XmppEngineState.Opening or XmppEngineState.Closed;
        }).QuickCheckThrowOnFailure();
    }
}

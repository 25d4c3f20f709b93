using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Base;
using Jingle.Net.Testing;

namespace Jingle.Net.Xmpp.Tests.Interop;

[Trait("Category", TestCategories.Interop)]
public sealed class ProsodyLoginTests(ProsodyServer prosody) : IClassFixture<ProsodyServer>
{
    private static readonly JingleEnvironment Env = JingleEnvironment.CreateDefault(ConsoleLoggerFactory.FromEnvironment());

    [Fact]
    public async Task ScramSha1_StartTls_Login_ValidatesAgainstTestCa()
    {
        prosody.Require();
        await using XmppClient client = await XmppClient.ConnectAsync(Env, prosody.Options("alice"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(XmppEngineState.Open, client.State);
        Assert.Equal("SCRAM-SHA-1", client.AuthenticatedMechanism);
        Assert.Equal("alice@localhost", client.BoundJid!.Bare.ToString());
        Assert.NotNull(client.BoundJid.Resource);
    }

    [Fact]
    public async Task Plain_Login_OverTls()
    {
        prosody.Require();
        await using XmppClient client = await XmppClient.ConnectAsync(Env, prosody.Options("bob") with { Mechanisms = ["PLAIN"] },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("PLAIN", client.AuthenticatedMechanism);
        Assert.Equal("bob@localhost", client.BoundJid!.Bare.ToString());
    }

    [Fact]
    public async Task DirectTls_Xep0368_Login()
    {
        prosody.Require();
        await using XmppClient client = await XmppClient.ConnectAsync(Env, prosody.Options("carol", tls: XmppTlsMode.DirectTls),
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(XmppEngineState.Open, client.State);
    }

    [Fact]
    public async Task WrongPassword_FailsWithNotAuthorized()
    {
        prosody.Require();
        XmppConnectionException ex = await Assert.ThrowsAsync<XmppConnectionException>(() =>
            XmppClient.ConnectAsync(Env, prosody.Options("alice", "wrong"), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(XmppErrorCode.Unauthorized, ex.Error);
        Assert.Equal("not-authorized", ex.Condition);
    }

    [Fact]
    public async Task CertificateNotTrusted_FailsWithTlsError()
    {
        prosody.Require();
        XmppConnectionException ex = await Assert.ThrowsAsync<XmppConnectionException>(() =>
            XmppClient.ConnectAsync(Env, prosody.Options("alice") with { TrustedCertificates = null }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(XmppErrorCode.Tls, ex.Error);
    }

    [Fact]
    public async Task PinningCallback_DecidesTrust()
    {
        prosody.Require();
        string pinned = prosody.TrustAnchors[0].GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        RemoteCertificateValidationCallback pin = (_, cert, _, _) =>
            cert is not null && new X509Certificate2(cert).GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == pinned;
        await using (XmppClient ok = await XmppClient.ConnectAsync(Env, prosody.Options("alice") with { TrustedCertificates = null, CertificateValidation = pin },
            cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Equal(XmppEngineState.Open, ok.State);
        }

        XmppConnectionException ex = await Assert.ThrowsAsync<XmppConnectionException>(() => XmppClient.ConnectAsync(Env,
            prosody.Options("alice") with { CertificateValidation = (_, _, _, _) => false }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(XmppErrorCode.Tls, ex.Error);
    }

    [Fact]
    public async Task AuthenticationBeforeTls_IsRefused()
    {
        prosody.Require();
        XmppConnectionException ex = await Assert.ThrowsAsync<XmppConnectionException>(() =>
            XmppClient.ConnectAsync(Env, prosody.Options("alice", tls: XmppTlsMode.None), cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(XmppErrorCode.Unauthorized, ex.Error);
        Assert.Equal("no-mechanisms-offered", ex.Condition);
    }

    [Fact]
    public async Task JidOnly_ResolvesSrvThroughFakeDnsResponder()
    {
        prosody.Require();
        using var dns = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        Task responder = Task.Run(async () =>
        {
            var query = await dns.ReceiveAsync(TestContext.Current.CancellationToken);
            byte[] answer = FakeDns.SrvAnswer(query.Buffer, 0, 0, (ushort)prosody.Port, "localhost");
            await dns.SendAsync(answer, query.RemoteEndPoint, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        XmppClientOptions options = prosody.Options("alice") with { Host = null, Port = 0, DnsServer = (System.Net.IPEndPoint)dns.Client.LocalEndPoint! };
        await using XmppClient client = await XmppClient.ConnectAsync(Env, options, cancellationToken: TestContext.Current.CancellationToken);
        await responder;
        Assert.Equal(XmppEngineState.Open, client.State);
    }
}

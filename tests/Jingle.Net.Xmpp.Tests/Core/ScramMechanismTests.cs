using System.Security.Cryptography;
using System.Text;
using Jingle.Net.Xmpp.Sasl;

namespace Jingle.Net.Xmpp.Tests.Core;

public sealed class ScramMechanismTests
{
    [Fact]
    public void Rfc5802_ScramSha1_Example()
    {
        var scram = new ScramMechanism(HashAlgorithmName.SHA1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL", null, clientCouldBind: false);
        Assert.Equal("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", Encoding.UTF8.GetString(scram.GetInitialResponse()));
        byte[]? final = scram.Respond("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"u8);
        Assert.Equal("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", Encoding.UTF8.GetString(final!));
        Assert.True(scram.VerifySuccess("v=rmF9pqV8S7suAoZWja4dJRkFsKQ="u8));
    }

    [Fact]
    public void Rfc7677_ScramSha256_Example()
    {
        var scram = new ScramMechanism(HashAlgorithmName.SHA256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO", null, clientCouldBind: false);
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Encoding.UTF8.GetString(scram.GetInitialResponse()));
        byte[]? final = scram.Respond("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"u8);
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", Encoding.UTF8.GetString(final!));
        Assert.True(scram.VerifySuccess("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="u8));
    }

    [Fact]
    public void WrongServerSignature_IsRejected()
    {
        var scram = new ScramMechanism(HashAlgorithmName.SHA1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL", null, false);
        scram.GetInitialResponse();
        scram.Respond("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"u8);
        Assert.False(scram.VerifySuccess("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA="u8));
        Assert.False(scram.VerifySuccess("e=invalid-proof"u8));
    }

    [Theory]
    [InlineData("r=othernonce,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=1")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=99999999")]
    [InlineData("m=ext,r=fyko+d2lbbFgONRv9qkxdawLabc,s=QSXCR+Q6sek8bf92,i=4096")]
    [InlineData("r=fyko+d2lbbFgONRv9qkxdawLabc,s=!!!,i=4096")]
    public void BadServerFirst_IsRejected(string serverFirst)
    {
        var scram = new ScramMechanism(HashAlgorithmName.SHA1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL", null, false);
        scram.GetInitialResponse();
        Assert.Null(scram.Respond(Encoding.UTF8.GetBytes(serverFirst)));
    }

    [Fact]
    public void Plus_SendsChannelBindingInGs2HeaderAndCbind()
    {
        byte[] cb = [1, 2, 3, 4];
        var scram = new ScramMechanism(HashAlgorithmName.SHA256, "us,e=r", "p", "nonce", new TlsChannelBinding("tls-server-end-point", cb), true);
        Assert.Equal("SCRAM-SHA-256-PLUS", scram.Name);
        Assert.Equal("p=tls-server-end-point,,n=us=2Ce=3Dr,r=nonce", Encoding.UTF8.GetString(scram.GetInitialResponse()));
        string final = Encoding.UTF8.GetString(scram.Respond("r=nonceSERVER,s=QSXCR+Q6sek8bf92,i=4096"u8)!);
        string c = final.Split(',')[0][2..];
        Assert.Equal([.. "p=tls-server-end-point,,"u8.ToArray(), .. cb], Convert.FromBase64String(c));
    }

    [Fact]
    public void ClientThatCouldBind_SaysY_WhenServerOffersNoPlus()
    {
        var scram = new ScramMechanism(HashAlgorithmName.SHA1, "u", "p", "n", null, clientCouldBind: true);
        Assert.StartsWith("y,,", Encoding.UTF8.GetString(scram.GetInitialResponse()), StringComparison.Ordinal);
    }
}

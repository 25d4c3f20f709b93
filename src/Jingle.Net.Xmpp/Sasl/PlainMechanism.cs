using System.Text;

namespace Jingle.Net.Xmpp.Sasl;

/// <summary>SASL PLAIN (RFC 4616): the password in the clear, so the engine only offers it over TLS.</summary>
internal sealed class PlainMechanism(string username, string password) : ISaslMechanism
{
    public string Name => "PLAIN";

    public byte[] GetInitialResponse() => Encoding.UTF8.GetBytes("\0" + username + "\0" + password);

    public byte[]? Respond(ReadOnlySpan<byte> challenge) => null;

    public bool VerifySuccess(ReadOnlySpan<byte> additionalData) => true;
}

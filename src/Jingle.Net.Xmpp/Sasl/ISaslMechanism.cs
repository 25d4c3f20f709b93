namespace Jingle.Net.Xmpp.Sasl;

/// <summary>The client side of one SASL mechanism (RFC 4422) as XMPP carries it (RFC 6120 §6).</summary>
internal interface ISaslMechanism
{
    /// <summary>The IANA mechanism name (<c>SCRAM-SHA-256</c>).</summary>
    string Name { get; }

    /// <summary>The initial response sent in <c>&lt;auth&gt;</c>.</summary>
    byte[] GetInitialResponse();

    /// <summary>Answers a server challenge; null when the challenge is invalid (the exchange is then aborted).</summary>
    byte[]? Respond(ReadOnlySpan<byte> challenge);

    /// <summary>Checks the additional data of <c>&lt;success&gt;</c> (SCRAM's server signature).</summary>
    bool VerifySuccess(ReadOnlySpan<byte> additionalData);
}

namespace Jingle.Net.Xmpp;

/// <summary>What a sans-I/O <see cref="XmppEngine"/> asks of its driver (libjingle's <c>XmppOutputHandler</c>).</summary>
public interface IXmppEngineOutput
{
    /// <summary>Send these bytes to the server, in order. The span is valid only during the call.</summary>
    void WriteOutput(ReadOnlySpan<byte> data);

    /// <summary>The server said &lt;proceed/&gt;: start TLS for <paramref name="domain"/>, then call <see cref="XmppEngine.OnTlsEstablished"/>.</summary>
    void StartTls(string domain);

    /// <summary>Close the connection (after the bytes already written).</summary>
    void CloseConnection();
}

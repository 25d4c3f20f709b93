namespace Jingle.Net.Stun.Transactions;

/// <summary>
/// A transaction ended because its responses failed validation (RFC 8489 §9.2.5): over TCP/TLS at the first such
/// response; over UDP at the timeout when every response that arrived had been discarded.
/// </summary>
public sealed class StunIntegrityViolationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StunIntegrityViolationException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public StunIntegrityViolationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the inner exception.</summary>
    public StunIntegrityViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

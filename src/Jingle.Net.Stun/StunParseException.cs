namespace Jingle.Net.Stun;

/// <summary>The one exception STUN parsing throws (from the throwing <c>Parse</c> overloads only).</summary>
public sealed class StunParseException : FormatException
{
    public StunParseException()
    {
    }

    public StunParseException(string message)
        : base(message)
    {
    }

    public StunParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public StunParseException(StunParseError error)
        : base($"Invalid STUN message: {error}.") => Error = error;

    /// <summary>What was wrong.</summary>
    public StunParseError Error { get; }
}

namespace Jingle.Net.Stun.Client;

/// <summary>A STUN/TURN request got an error response.</summary>
public class StunErrorResponseException : Exception
{
    public StunErrorResponseException()
    {
    }

    public StunErrorResponseException(string message)
        : base(message)
    {
    }

    public StunErrorResponseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The error for <paramref name="method"/> with <paramref name="code"/> and the server's reason.</summary>
    public StunErrorResponseException(StunMethod method, int code, string? reason)
        : base($"{method} failed: {code} {reason ?? StunErrorCodes.GetReasonPhrase(code)}")
    {
        Method = method;
        Code = code;
        Reason = reason ?? StunErrorCodes.GetReasonPhrase(code);
    }

    /// <summary>The request's method.</summary>
    public StunMethod Method { get; }

    /// <summary>The ERROR-CODE (e.g. 401, 403, 437, 438, 441, 486, 508).</summary>
    public int Code { get; }

    /// <summary>The reason phrase.</summary>
    public string Reason { get; } = string.Empty;
}

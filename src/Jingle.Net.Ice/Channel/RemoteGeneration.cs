namespace Jingle.Net.Ice.Channel;

/// <summary>One generation of the peer's ICE credentials (a new one per remote ICE restart).</summary>
internal sealed class RemoteGeneration(int index, string? ufrag, string? password, bool isIceLite)
{
    public int Index { get; } = index;

    public string? Ufrag { get; set; } = ufrag;

    public string? Password { get; set; } = password;

    public bool IsIceLite { get; set; } = isIceLite;

    /// <summary>The password as the MESSAGE-INTEGRITY key (RFC 8489 §9.1.1; ICE passwords are ice-chars).</summary>
    public byte[]? Key { get; set; } = password is null ? null : System.Text.Encoding.UTF8.GetBytes(password);

    /// <summary>The peer signaled end-of-candidates for this generation (RFC 8838 §8.2).</summary>
    public bool EndOfCandidates { get; set; }

    public bool HasCredentials => Ufrag is not null && Password is not null;
}

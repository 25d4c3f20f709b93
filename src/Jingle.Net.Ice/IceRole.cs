namespace Jingle.Net.Ice;

/// <summary>The agent's ICE role (RFC 8445 §6.1.1).</summary>
public enum IceRole
{
    /// <summary>The controlling agent nominates the pair that is used.</summary>
    Controlling,

    /// <summary>The controlled agent follows the controlling agent's nominations.</summary>
    Controlled,
}

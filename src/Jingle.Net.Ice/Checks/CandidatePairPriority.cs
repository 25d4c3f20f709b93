namespace Jingle.Net.Ice.Checks;

/// <summary>RFC 8445 §6.1.2.3 candidate pair priority.</summary>
public static class CandidatePairPriority
{
    /// <summary>
    /// pair priority = 2^32 × MIN(G, D) + 2 × MAX(G, D) + (G &gt; D ? 1 : 0), where G is the controlling agent's
    /// candidate priority and D the controlled agent's.
    /// </summary>
    public static ulong Compute(uint controllingPriority, uint controlledPriority)
    {
        ulong g = controllingPriority, d = controlledPriority;
        return (Math.Min(g, d) << 32) + (2 * Math.Max(g, d)) + (g > d ? 1UL : 0UL);
    }

    /// <summary>The pair priority seen by an agent in <paramref name="role"/> with the given local and remote priorities.</summary>
    public static ulong Compute(IceRole role, uint localPriority, uint remotePriority) =>
        role == IceRole.Controlling ? Compute(localPriority, remotePriority) : Compute(remotePriority, localPriority);
}

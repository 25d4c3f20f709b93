namespace Jingle.Net.Ice.Checks;

/// <summary>How the controlling agent nominates (RFC 8445 §8.1.1; libwebrtc renomination).</summary>
public enum IceNominationMode
{
    /// <summary>Checks first, then one more check with USE-CANDIDATE on the chosen valid pair.</summary>
    Regular,

    /// <summary>Every check carries USE-CANDIDATE (RFC 5245's aggressive nomination; deprecated by RFC 8445 but still met).</summary>
    Aggressive,

    /// <summary>libwebrtc's renomination: USE-CANDIDATE plus a NOMINATION counter, so the controlling side may switch later.</summary>
    Renomination,
}

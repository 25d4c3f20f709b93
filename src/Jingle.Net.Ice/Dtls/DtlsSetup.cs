namespace Jingle.Net.Ice.Dtls;

/// <summary>The SDP <c>a=setup</c> attribute values (RFC 4145 §4, as used by RFC 5763 §5 and RFC 8842).</summary>
public enum DtlsSetup
{
    /// <summary><c>actpass</c>: either role; what an offer says.</summary>
    ActPass,

    /// <summary><c>active</c>: this side initiates (the DTLS client).</summary>
    Active,

    /// <summary><c>passive</c>: this side waits (the DTLS server).</summary>
    Passive,
}

/// <summary>Wire forms of <see cref="DtlsSetup"/> and the role rules of RFC 5763 §5.</summary>
public static class DtlsSetupExtensions
{
    /// <summary>The SDP token: <c>actpass</c>, <c>active</c> or <c>passive</c>.</summary>
    public static string ToWireString(this DtlsSetup setup) => setup switch
    {
        DtlsSetup.ActPass => "actpass",
        DtlsSetup.Active => "active",
        DtlsSetup.Passive => "passive",
        _ => throw new ArgumentOutOfRangeException(nameof(setup)),
    };

    /// <summary>Parses an SDP setup token (case-insensitive). <c>holdconn</c> and unknown tokens are a FormatException.</summary>
    public static DtlsSetup ParseSetup(string token) => token?.Trim().ToLowerInvariant() switch
    {
        "actpass" => DtlsSetup.ActPass,
        "active" => DtlsSetup.Active,
        "passive" => DtlsSetup.Passive,
        _ => throw new FormatException($"Unsupported a=setup value '{token}' (expected actpass, active or passive)."),
    };

    /// <summary>
    /// The local DTLS role once both sides' <c>a=setup</c> values are known (RFC 5763 §5): <c>active</c> is the
    /// client and <c>passive</c> the server. An offerer that said <c>actpass</c> takes the opposite of the answer.
    /// Two <c>actpass</c>, two <c>active</c> or two <c>passive</c> cannot be resolved and throw.
    /// </summary>
    public static DtlsRole ResolveLocalRole(DtlsSetup local, DtlsSetup remote) => (local, remote) switch
    {
        (DtlsSetup.Active, DtlsSetup.Passive or DtlsSetup.ActPass) => DtlsRole.Client,
        (DtlsSetup.Passive, DtlsSetup.Active or DtlsSetup.ActPass) => DtlsRole.Server,
        (DtlsSetup.ActPass, DtlsSetup.Active) => DtlsRole.Server,
        (DtlsSetup.ActPass, DtlsSetup.Passive) => DtlsRole.Client,
        _ => throw new InvalidOperationException($"a=setup:{local.ToWireString()} locally and a=setup:{remote.ToWireString()} remotely leave the DTLS role undecided."),
    };

    /// <summary>
    /// The answer's setup value for an offer's (RFC 5763 §5: an answerer to <c>actpass</c> SHOULD be
    /// <c>active</c>, as libwebrtc is).
    /// </summary>
    public static DtlsSetup AnswerTo(DtlsSetup offered) => offered switch
    {
        DtlsSetup.ActPass => DtlsSetup.Active,
        DtlsSetup.Active => DtlsSetup.Passive,
        DtlsSetup.Passive => DtlsSetup.Active,
        _ => throw new ArgumentOutOfRangeException(nameof(offered)),
    };
}

using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

/// <summary>
/// The transport parameters of the remote side for one transport: a BUNDLE group (RFC 9143: taken from the tagged
/// m-section) or one m-section that is not bundled. Null fields were absent from the SDP.
/// </summary>
internal sealed partial record RemoteTransport
{
    /// <summary>The mids that use this transport (the bundle tag first).</summary>
    public required IReadOnlyList<string?> Mids { get; init; }

    /// <summary>True when the transport is a BUNDLE group's.</summary>
    public bool IsBundle { get; init; }

    public string? IceUfrag { get; init; }

    public string? IcePwd { get; init; }

    public IReadOnlyList<string> IceOptions { get; init; } = [];

    public bool IceLite { get; init; }

    public IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; } = [];

    public SdpSetupRole? Setup { get; init; }

    /// <summary>The candidates of the tagged m-section (raw values without "candidate:").</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    public bool EndOfCandidates { get; init; }

    /// <summary>The SCTP port when the transport carries the data channel m-section (5000 if it named none).</summary>
    public int? SctpPort { get; init; }

    /// <summary>The remote max-message-size when the transport carries data (64 KiB if absent, RFC 8841 §6.1).</summary>
    public ulong? MaxMessageSize { get; init; }

    public bool SupportsTrickle => IceOptions.Contains("trickle", StringComparer.Ordinal);

    public bool SupportsRenomination => IceOptions.Contains("renomination", StringComparer.Ordinal);

    /// <summary>What a transport cannot start without: ICE credentials and at least one fingerprint (RFC 8829 §5.8).</summary>
    public IReadOnlyList<string> GetMissing()
    {
        var missing = new List<string>();
        if (string.IsNullOrEmpty(IceUfrag))
        {
            missing.Add("a=ice-ufrag");
        }

        if (string.IsNullOrEmpty(IcePwd))
        {
            missing.Add("a=ice-pwd");
        }

        if (Fingerprints.Count == 0)
        {
            missing.Add("a=fingerprint");
        }

        return missing;
    }
}

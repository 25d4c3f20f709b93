using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

/// <summary>Conversions of the remote transport parameters into the types Jingle.Net.Ice works with.</summary>
internal sealed partial record RemoteTransport
{
    /// <summary>The remote ICE credentials, or null when the ufrag or pwd is missing.</summary>
    public IceParameters? ToIceParameters() =>
        IceUfrag is null || IcePwd is null ? null : new IceParameters(IceUfrag, IcePwd, IceLite);

    /// <summary>The fingerprints whose hash function DTLS supports (sha-1/256/384/512); others are skipped (RFC 8122 §5).</summary>
    public IReadOnlyList<RtcCertificateFingerprint> GetCertificateFingerprints()
    {
        var result = new List<RtcCertificateFingerprint>();
        foreach (DtlsFingerprint f in Fingerprints)
        {
            if (RtcCertificateFingerprint.TryParse(f.HashFunction + " " + f.Value, out RtcCertificateFingerprint? fp))
            {
                result.Add(fp!);
            }
        }

        return result;
    }

    /// <summary>The remote setup as DTLS sees it; null when absent or holdconn.</summary>
    public DtlsSetup? GetDtlsSetup() => Setup switch
    {
        SdpSetupRole.ActPass => DtlsSetup.ActPass,
        SdpSetupRole.Active => DtlsSetup.Active,
        SdpSetupRole.Passive => DtlsSetup.Passive,
        _ => null,
    };

    /// <summary>The candidates parsed with the full RFC 8839 grammar; malformed ones are returned in <paramref name="rejected"/>.</summary>
    public IReadOnlyList<IceCandidate> GetIceCandidates(out IReadOnlyList<string> rejected)
    {
        var result = new List<IceCandidate>();
        var bad = new List<string>();
        foreach (string c in Candidates)
        {
            if (IceCandidate.TryParse(c, out IceCandidate? candidate, out _))
            {
                result.Add(candidate!);
            }
            else
            {
                bad.Add(c);
            }
        }

        rejected = bad;
        return result;
    }
}

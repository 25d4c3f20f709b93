using Jingle.Net.Ice;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Jsep;

/// <summary>
/// What this endpoint puts in each m-section for its transport: ICE credentials (RFC 8839 §5.4), ICE options,
/// DTLS fingerprints (RFC 8122) and the candidates gathered so far (raw candidate strings without "candidate:").
/// </summary>
internal sealed record LocalTransportParameters(string IceUfrag, string IcePwd, IReadOnlyList<DtlsFingerprint> Fingerprints)
{
    /// <summary>"trickle" by default (RFC 8840); add "renomination" if the ICE agent supports it.</summary>
    public IReadOnlyList<string> IceOptions { get; init; } = ["trickle"];

    /// <summary>Session-level a=ice-lite (RFC 8839 §5.3).</summary>
    public bool IceLite { get; init; }

    /// <summary>Candidates to include (as a=candidate values).</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>Whether gathering is complete (a=end-of-candidates, RFC 8840 §8.2).</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>Builds the parameters from the ICE agent's credentials and the DTLS certificate's fingerprints.</summary>
    public static LocalTransportParameters From(IceParameters ice, IEnumerable<RtcCertificateFingerprint> fingerprints) =>
        new(ice.Ufrag, ice.Password, fingerprints.Select(f => new DtlsFingerprint(f.Algorithm, f.FormatValue())).ToList())
        {
            IceLite = ice.IsIceLite,
        };

    /// <summary>Describes the parameters without the ICE password, which is never printed.</summary>
    public override string ToString() => $"LocalTransportParameters {{ IceUfrag = {IceUfrag}, IcePwd = ***, Candidates = {Candidates.Count} }}";
}

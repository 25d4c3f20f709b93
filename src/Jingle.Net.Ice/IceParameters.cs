using Jingle.Net.Base;
using Jingle.Net.Ice.Candidates;

namespace Jingle.Net.Ice;

/// <summary>
/// ICE credentials of one side (RFC 8445 §5.3; RFC 8839 §5.4 <c>ice-ufrag</c>/<c>ice-pwd</c>) and whether that side is
/// ICE-lite (§5.2, <c>a=ice-lite</c>). A new ufrag/pwd means an ICE restart.
/// </summary>
public sealed record IceParameters(string Ufrag, string Password, bool IsIceLite = false)
{
    /// <summary>Random credentials: 4-character ufrag (24 bits of randomness) and 24-character password (RFC 8839 §5.4 minimum 22).</summary>
    public static IceParameters Create(RandomSource random, bool isIceLite = false)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new IceParameters(random.NextIceString(4), random.NextIceString(24), isIceLite);
    }

    /// <summary>Throws unless the ufrag (4–256) and password (22–256) are ice-chars of valid length (RFC 8839 §5.4).</summary>
    public void Validate(bool legacyGoogleIce = false)
    {
        if (string.IsNullOrEmpty(Ufrag) || Ufrag.Length > 256 || !Ufrag.All(IceCandidateParser.IsIceChar) || (!legacyGoogleIce && Ufrag.Length < 4))
        {
            throw new ArgumentException("ice-ufrag must be 4-256 ice-chars", nameof(Ufrag));
        }

        if (!legacyGoogleIce && (Password is null || Password.Length is < 22 or > 256 || !Password.All(IceCandidateParser.IsIceChar)))
        {
            throw new ArgumentException("ice-pwd must be 22-256 ice-chars", nameof(Password));
        }
    }

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"ufrag={Ufrag}{(IsIceLite ? " ice-lite" : string.Empty)}";
}

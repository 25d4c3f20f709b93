using System.Security.Cryptography;
using System.Text;

namespace Jingle.Net.Xmpp.Modules;

/// <summary>The XEP-0115 §5.1 verification string and its SHA-1 hash (no data forms: we publish none).</summary>
public static class EntityCapabilities
{
    /// <summary>The string S the hash is computed over.</summary>
    public static string VerificationString(IEnumerable<DiscoIdentity> identities, IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(features);
        var sb = new StringBuilder();
        foreach (string identity in identities
                     .Select(i => $"{i.Category}/{i.Type}/{i.Lang}/{i.Name}")
                     .Order(StringComparer.Ordinal))
        {
            sb.Append(identity).Append('<');
        }

        foreach (string feature in features.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            sb.Append(feature).Append('<');
        }

        return sb.ToString();
    }

    /// <summary>The <c>ver</c> attribute: base64(SHA-1(S)).</summary>
    public static string ComputeVer(IEnumerable<DiscoIdentity> identities, IEnumerable<string> features) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(VerificationString(identities, features))));
}

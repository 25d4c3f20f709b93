using System.Globalization;
using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;</c> (RFC 8122 §5): the hash of the DTLS certificate as
/// colon-separated upper-case hex. A description may carry several (RFC 8122 §5, one per hash function).
/// </summary>
public sealed class FingerprintAttribute : SdpAttribute
{
    public const string AttributeName = "fingerprint";

    public FingerprintAttribute(string hashFunction, string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(hashFunction);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        HashFunction = hashFunction;
        Fingerprint = fingerprint;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    /// <summary>The hash function as written, e.g. "sha-256" (compare case-insensitively, RFC 8122).</summary>
    public string HashFunction { get; set; }

    /// <summary>The fingerprint text, e.g. "6F:A2:...".</summary>
    public string Fingerprint { get; set; }

    /// <summary>Builds the attribute from raw hash bytes, writing upper-case hex pairs separated by colons.</summary>
    public static FingerprintAttribute FromBytes(string hashFunction, ReadOnlySpan<byte> hash)
    {
        var sb = new StringBuilder(hash.Length * 3);
        for (int i = 0; i < hash.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(':');
            }

            sb.Append(hash[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return new FingerprintAttribute(hashFunction, sb.ToString());
    }

    /// <summary>Decodes <see cref="Fingerprint"/> into bytes; false when it is not colon-separated hex pairs.</summary>
    public bool TryGetBytes(out byte[] hash)
    {
        string[] parts = Fingerprint.Split(':');
        hash = new byte[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length != 2 ||
                !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash[i]))
            {
                hash = [];
                return false;
            }
        }

        return true;
    }

    internal static FingerprintAttribute? Parse(string value)
    {
        string[] tokens = SdpText.Tokens(value);
        return tokens.Length == 2 ? new FingerprintAttribute(tokens[0], tokens[1]) : null;
    }

    internal override void AppendValue(StringBuilder sb) => sb.Append(HashFunction).Append(' ').Append(Fingerprint);
}

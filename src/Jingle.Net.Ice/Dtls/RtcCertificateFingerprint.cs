using System.Globalization;
using System.Security.Cryptography;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// A certificate fingerprint as signaled in SDP <c>a=fingerprint</c> (RFC 8122 §5): a hash function name and the
/// hash of the DER certificate as upper-case hex pairs separated by colons, e.g. <c>sha-256 AB:CD:...</c>.
/// Supported hash functions: sha-1, sha-256 (the default), sha-384 and sha-512.
/// </summary>
public sealed class RtcCertificateFingerprint : IEquatable<RtcCertificateFingerprint>
{
    /// <summary>The hash function name of SHA-1 (RFC 8122 §5).</summary>
    public const string Sha1 = "sha-1";

    /// <summary>The hash function name of SHA-256 (the default).</summary>
    public const string Sha256 = "sha-256";

    /// <summary>The hash function name of SHA-384.</summary>
    public const string Sha384 = "sha-384";

    /// <summary>The hash function name of SHA-512.</summary>
    public const string Sha512 = "sha-512";

    private readonly byte[] _value;

    private RtcCertificateFingerprint(string algorithm, byte[] value)
    {
        Algorithm = algorithm;
        _value = value;
    }

    /// <summary>The hash function name in lower case, e.g. <c>sha-256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The hash of the DER-encoded certificate.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Computes the fingerprint of a DER-encoded certificate with <paramref name="algorithm"/>.</summary>
    /// <exception cref="NotSupportedException">The hash function is not one of sha-1/256/384/512.</exception>
    public static RtcCertificateFingerprint Compute(ReadOnlySpan<byte> certificateDer, string algorithm = Sha256)
    {
        string name = NormalizeAlgorithm(algorithm)
            ?? throw new NotSupportedException($"Unsupported fingerprint hash function '{algorithm}'.");
        return new RtcCertificateFingerprint(name, Hash(name, certificateDer));
    }

    /// <summary>Parses the SDP form <c>sha-256 AB:CD:...</c> (the value of <c>a=fingerprint:</c>).</summary>
    /// <exception cref="FormatException">The text is not a supported fingerprint.</exception>
    public static RtcCertificateFingerprint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out RtcCertificateFingerprint? result, out string error)
            ? result!
            : throw new FormatException(error);
    }

    /// <summary>Parses the SDP form; returns false for anything that is not a supported fingerprint.</summary>
    public static bool TryParse(string? text, out RtcCertificateFingerprint? result) =>
        TryParse(text, out result, out _);

    /// <summary>Parses a hash function name and a colon-separated hex value (the two halves of the SDP form).</summary>
    /// <exception cref="FormatException">The text is not a supported fingerprint.</exception>
    public static RtcCertificateFingerprint Parse(string algorithm, string hexValue)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(hexValue);
        return Parse(algorithm + " " + hexValue);
    }

    private static bool TryParse(string? text, out RtcCertificateFingerprint? result, out string error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "Empty fingerprint.";
            return false;
        }

        string trimmed = text.Trim();
        int space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            error = $"Fingerprint '{text}' lacks the 'hash-func SP value' form of RFC 8122.";
            return false;
        }

        string? name = NormalizeAlgorithm(trimmed[..space]);
        if (name is null)
        {
            error = $"Unsupported fingerprint hash function '{trimmed[..space]}'.";
            return false;
        }

        ReadOnlySpan<char> hex = trimmed.AsSpan(space + 1).Trim();
        int expected = HashLength(name);
        if (hex.Length != expected * 3 - 1)
        {
            error = $"A {name} fingerprint has {expected} hex pairs separated by ':'; got '{hex}'.";
            return false;
        }

        byte[] value = new byte[expected];
        for (int i = 0; i < expected; i++)
        {
            int at = i * 3;
            if ((i > 0 && hex[at - 1] != ':')
                || !byte.TryParse(hex.Slice(at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value[i]))
            {
                error = $"Fingerprint value '{hex}' is not colon-separated hex pairs.";
                return false;
            }
        }

        result = new RtcCertificateFingerprint(name, value);
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// True when <paramref name="certificateDer"/> hashes to this fingerprint. The comparison takes constant time.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> hash = stackalloc byte[64];
        int length = HashInto(Algorithm, certificateDer, hash);
        return CryptographicOperations.FixedTimeEquals(hash[..length], _value);
    }

    /// <summary>The value as upper-case hex pairs separated by ':'.</summary>
    public string FormatValue() => Convert.ToHexString(_value).Chunk(2).Aggregate(
        new System.Text.StringBuilder(_value.Length * 3), (sb, pair) => (sb.Length > 0 ? sb.Append(':') : sb).Append(pair)).ToString();

    /// <summary>The SDP form: <c>sha-256 AB:CD:...</c>.</summary>
    public override string ToString() => Algorithm + " " + FormatValue();

    /// <inheritdoc/>
    public bool Equals(RtcCertificateFingerprint? other) =>
        other is not null && Algorithm == other.Algorithm && _value.AsSpan().SequenceEqual(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RtcCertificateFingerprint);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Algorithm, BitConverter.ToInt32(_value, 0));

    internal static string? NormalizeAlgorithm(string algorithm) => algorithm.Trim().ToLowerInvariant() switch
    {
        Sha1 => Sha1,
        Sha256 => Sha256,
        Sha384 => Sha384,
        Sha512 => Sha512,
        _ => null,
    };

    private static int HashLength(string name) => name switch
    {
        Sha1 => 20,
        Sha256 => 32,
        Sha384 => 48,
        _ => 64,
    };

    private static byte[] Hash(string name, ReadOnlySpan<byte> data)
    {
        byte[] result = new byte[HashLength(name)];
        HashInto(name, data, result);
        return result;
    }

    private static int HashInto(string name, ReadOnlySpan<byte> data, Span<byte> destination) => name switch
    {
#pragma warning disable CA5350 // SHA-1 is one of the fingerprint functions RFC 8122 allows; we only verify with it.
        Sha1 => SHA1.HashData(data, destination),
#pragma warning restore CA5350
        Sha256 => SHA256.HashData(data, destination),
        Sha384 => SHA384.HashData(data, destination),
        _ => SHA512.HashData(data, destination),
    };
}

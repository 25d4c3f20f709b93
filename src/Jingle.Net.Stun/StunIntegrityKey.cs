using System.Security.Cryptography;
using System.Text;
using Jingle.Net.Base.Crypto;
using Jingle.Net.Stun.Credentials;

namespace Jingle.Net.Stun;

/// <summary>
/// The HMAC key of MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §9): for short-term credentials the
/// OpaqueString-prepared password, for long-term credentials MD5 or SHA-256 of "username:realm:password". It keeps
/// its HMAC state and reuses it, so signing and checking a message allocates nothing. Not thread-safe: each
/// thread (each ICE agent, each server loop) uses its own instance.
/// </summary>
public sealed class StunIntegrityKey : IDisposable
{
    private readonly byte[] _key;
    private HmacSha1? _sha1;
    private IncrementalHash? _sha256;
    private bool _disposed;

    /// <summary>Wraps raw key bytes (copied).</summary>
    public StunIntegrityKey(ReadOnlySpan<byte> key) => _key = key.ToArray();

    /// <summary>The key bytes.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The short-term key (RFC 8489 §9.1.1): OpaqueString(password) as UTF-8.</summary>
    public static StunIntegrityKey ShortTerm(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StunIntegrityKey(Encoding.UTF8.GetBytes(OpaqueString.Prepare(password)));
    }

    /// <summary>
    /// The short-term key without any string preparation (ICE passwords are ice-chars, so this equals
    /// <see cref="ShortTerm"/> for them and saves the normalization).
    /// </summary>
    public static StunIntegrityKey ShortTermRaw(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StunIntegrityKey(Encoding.UTF8.GetBytes(password));
    }

    /// <summary>The long-term key (RFC 8489 §9.2.2). See <see cref="StunCredentials.ComputeLongTermKey"/>.</summary>
    public static StunIntegrityKey LongTerm(string username, string realm, string password,
        PasswordAlgorithm algorithm = PasswordAlgorithm.Md5, StringPreparation preparation = StringPreparation.OpaqueString) =>
        new(StunCredentials.ComputeLongTermKey(username, realm, password, algorithm, preparation));

    internal void ComputeHmacSha1(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        (_sha1 ??= new HmacSha1(_key)).Compute(header, body, destination);
    }

    internal void ComputeHmacSha256(ReadOnlySpan<byte> header, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        IncrementalHash hash = _sha256 ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hash.AppendData(header);
        hash.AppendData(body);
        if (destination.Length >= 32)
        {
            hash.GetHashAndReset(destination);
            return;
        }

        Span<byte> full = stackalloc byte[32];
        hash.GetHashAndReset(full);
        full[..destination.Length].CopyTo(destination);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _sha1?.Dispose();
        _sha1 = null;
        _sha256?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}

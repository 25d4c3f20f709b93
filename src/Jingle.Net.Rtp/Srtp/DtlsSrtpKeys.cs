using System.Security.Cryptography;
using Jingle.Net.Ice.Dtls;
using Microsoft.Extensions.Logging;

namespace Jingle.Net.Rtp.Srtp;

/// <summary>
/// DTLS-SRTP keying (RFC 5764 §4.2): splits the exporter output "EXTRACTOR-dtls_srtp" —
/// client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt |
/// server_write_SRTP_master_salt — into this endpoint's and the peer's master key and salt, and builds the
/// outbound (protect) and inbound (unprotect) contexts.
/// </summary>
public static class DtlsSrtpKeys
{
    /// <summary>Bytes of keying material to export for <paramref name="profile"/>: 2 × (key + salt).</summary>
    public static int GetKeyingMaterialLength(SrtpProtectionProfile profile)
    {
        SrtpProfileInfo info = SrtpProfileInfo.For(profile);
        return 2 * (info.MasterKeyLength + info.MasterSaltLength);
    }

    /// <summary>
    /// Splits <paramref name="keyingMaterial"/> for <paramref name="profile"/>. The DTLS client writes with the
    /// client keys, so for <paramref name="isDtlsClient"/> the local key is the client's and the remote one the server's.
    /// </summary>
    public static void Split(SrtpProtectionProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient,
        Span<byte> localKey, Span<byte> localSalt, Span<byte> remoteKey, Span<byte> remoteSalt)
    {
        SrtpProfileInfo info = SrtpProfileInfo.For(profile);
        int k = info.MasterKeyLength;
        int s = info.MasterSaltLength;
        if (keyingMaterial.Length != 2 * (k + s))
        {
            throw new ArgumentException($"{profile} needs {2 * (k + s)} bytes of keying material, not {keyingMaterial.Length}.", nameof(keyingMaterial));
        }

        if (localKey.Length < k || remoteKey.Length < k || localSalt.Length < s || remoteSalt.Length < s)
        {
            throw new ArgumentException("The key and salt buffers are too small for the profile.");
        }

        ReadOnlySpan<byte> clientKey = keyingMaterial[..k];
        ReadOnlySpan<byte> serverKey = keyingMaterial.Slice(k, k);
        ReadOnlySpan<byte> clientSalt = keyingMaterial.Slice(2 * k, s);
        ReadOnlySpan<byte> serverSalt = keyingMaterial.Slice((2 * k) + s, s);
        (isDtlsClient ? clientKey : serverKey).CopyTo(localKey);
        (isDtlsClient ? clientSalt : serverSalt).CopyTo(localSalt);
        (isDtlsClient ? serverKey : clientKey).CopyTo(remoteKey);
        (isDtlsClient ? serverSalt : clientSalt).CopyTo(remoteSalt);
    }

    /// <summary>
    /// Builds the outbound and inbound contexts from what <see cref="DtlsTransport.GetSrtpKeyingMaterial"/> exported
    /// (its profile, local DTLS role and material).
    /// </summary>
    public static (SrtpContext Outbound, SrtpContext Inbound) CreateContexts(DtlsSrtpKeyingMaterial keyingMaterial,
        SrtpOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(keyingMaterial);
        return CreateContexts(keyingMaterial.Profile, keyingMaterial.Material, keyingMaterial.Role, options, logger);
    }

    /// <summary>As the <c>isDtlsClient</c> overload, with the role as <see cref="DtlsRole"/>.</summary>
    public static (SrtpContext Outbound, SrtpContext Inbound) CreateContexts(SrtpProtectionProfile profile,
        ReadOnlySpan<byte> keyingMaterial, DtlsRole role, SrtpOptions? options = null, ILogger? logger = null)
        => CreateContexts(profile, keyingMaterial, role == DtlsRole.Client, options, logger);

    /// <summary>
    /// Builds the outbound context (this endpoint's keys: protect what it sends) and the inbound context (the
    /// peer's keys: unprotect what it receives). Throws <see cref="NotSupportedException"/> for an unsupported profile.
    /// </summary>
    public static (SrtpContext Outbound, SrtpContext Inbound) CreateContexts(SrtpProtectionProfile profile,
        ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient, SrtpOptions? options = null, ILogger? logger = null)
    {
        SrtpProfileInfo info = SrtpProfileInfo.For(profile);
        Span<byte> buffer = stackalloc byte[2 * (info.MasterKeyLength + info.MasterSaltLength)];
        Span<byte> localKey = buffer[..info.MasterKeyLength];
        Span<byte> remoteKey = buffer.Slice(info.MasterKeyLength, info.MasterKeyLength);
        Span<byte> localSalt = buffer.Slice(2 * info.MasterKeyLength, info.MasterSaltLength);
        Span<byte> remoteSalt = buffer.Slice((2 * info.MasterKeyLength) + info.MasterSaltLength, info.MasterSaltLength);
        try
        {
            Split(profile, keyingMaterial, isDtlsClient, localKey, localSalt, remoteKey, remoteSalt);
            SrtpContext outbound = SrtpContext.Create(profile, localKey, localSalt, options, logger);
            try
            {
                return (outbound, SrtpContext.Create(profile, remoteKey, remoteSalt, options, logger));
            }
            catch
            {
                outbound.Dispose();
                throw;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}

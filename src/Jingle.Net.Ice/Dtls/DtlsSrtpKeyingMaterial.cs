using System.Security.Cryptography;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The SRTP master keys and salts exported from a DTLS-SRTP handshake (RFC 5764 §4.2): the label
/// "EXTRACTOR-dtls_srtp" (RFC 5705) yields client_write_SRTP_master_key | server_write_SRTP_master_key |
/// client_write_SRTP_master_salt | server_write_SRTP_master_salt. The local side protects with its own write
/// key and unprotects with the peer's. Dispose to zero the material.
/// </summary>
public sealed class DtlsSrtpKeyingMaterial : IDisposable
{
    /// <summary>The RFC 5764 §4.2 exporter label.</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    private readonly byte[] _material;

    internal DtlsSrtpKeyingMaterial(SrtpProtectionProfile profile, DtlsRole role, byte[] material)
    {
        if (material.Length != profile.GetKeyingMaterialLength())
        {
            throw new ArgumentException($"{profile.ToWireString()} needs {profile.GetKeyingMaterialLength()} bytes of keying material.", nameof(material));
        }

        Profile = profile;
        Role = role;
        _material = material;
    }

    /// <summary>The negotiated profile the lengths follow.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>The local DTLS role (decides which half is "local").</summary>
    public DtlsRole Role { get; }

    /// <summary>The whole exported block, as RFC 5764 §4.2 lays it out.</summary>
    public ReadOnlySpan<byte> Material => _material;

    /// <summary>client_write_SRTP_master_key.</summary>
    public ReadOnlySpan<byte> ClientMasterKey => _material.AsSpan(0, KeyLength);

    /// <summary>server_write_SRTP_master_key.</summary>
    public ReadOnlySpan<byte> ServerMasterKey => _material.AsSpan(KeyLength, KeyLength);

    /// <summary>client_write_SRTP_master_salt.</summary>
    public ReadOnlySpan<byte> ClientMasterSalt => _material.AsSpan(2 * KeyLength, SaltLength);

    /// <summary>server_write_SRTP_master_salt.</summary>
    public ReadOnlySpan<byte> ServerMasterSalt => _material.AsSpan(2 * KeyLength + SaltLength, SaltLength);

    /// <summary>The key this side protects outgoing SRTP with.</summary>
    public ReadOnlySpan<byte> LocalMasterKey => Role == DtlsRole.Client ? ClientMasterKey : ServerMasterKey;

    /// <summary>The salt this side protects outgoing SRTP with.</summary>
    public ReadOnlySpan<byte> LocalMasterSalt => Role == DtlsRole.Client ? ClientMasterSalt : ServerMasterSalt;

    /// <summary>The key incoming SRTP from the peer is protected with.</summary>
    public ReadOnlySpan<byte> RemoteMasterKey => Role == DtlsRole.Client ? ServerMasterKey : ClientMasterKey;

    /// <summary>The salt incoming SRTP from the peer is protected with.</summary>
    public ReadOnlySpan<byte> RemoteMasterSalt => Role == DtlsRole.Client ? ServerMasterSalt : ClientMasterSalt;

    private int KeyLength => Profile.GetMasterKeyLength();

    private int SaltLength => Profile.GetMasterSaltLength();

    /// <summary>Zeroes the material.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_material);

    /// <summary>Never prints key bytes.</summary>
    public override string ToString() => $"DTLS-SRTP keying material for {Profile.ToWireString()} ({_material.Length} B, role {Role})";
}

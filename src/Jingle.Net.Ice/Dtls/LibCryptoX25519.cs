using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// X25519 (RFC 7748) in the platform's libcrypto (OpenSSL 3, the library .NET itself loads on Linux), which .NET does
/// not expose: key pairs from raw 32-byte scalars (EVP_PKEY_new_raw_private_key, which also derives the public
/// value), the public value (EVP_PKEY_get_raw_public_key) and the agreement (EVP_PKEY_derive). About ten times
/// faster than BouncyCastle's managed field arithmetic. Only used where the library loads, has the functions and
/// reproduces RFC 7748 §6.1 (<see cref="IsAvailable"/>); <c>JINGLE_NET_NO_LIBCRYPTO=1</c> turns it off as it does
/// for SHA-1. No method throws: a failed call returns false (and clears OpenSSL's error queue, which .NET's own
/// OpenSSL calls on the same thread read), and the caller falls back to BouncyCastle.
/// </summary>
internal static unsafe partial class LibCryptoX25519
{
    /// <summary>Length of a scalar, a public u-coordinate and a shared secret.</summary>
    public const int KeySize = 32;

    private const string Library = "libcrypto.so.3";
    private const int NidX25519 = 1034; // EVP_PKEY_X25519

    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>True when libcrypto's X25519 loaded and passed the RFC 7748 known-answer test.</summary>
    public static bool IsAvailable => Unavailable.Value is null;

    /// <summary>Why <see cref="IsAvailable"/> is false (for the log), or null.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>
    /// The key pair of <paramref name="privateKey"/> (a scalar as RFC 7748 §5 encodes it; libcrypto clamps it), or
    /// null. The scalar is copied into OpenSSL, which clears it when the key is freed.
    /// </summary>
    public static EvpPKeyHandle? CreatePrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeySize)
        {
            return null;
        }

        fixed (byte* p = privateKey)
        {
            return Checked(EVP_PKEY_new_raw_private_key(NidX25519, IntPtr.Zero, p, KeySize));
        }
    }

    /// <summary>Writes the key's public u-coordinate (32 bytes) to <paramref name="publicKey"/>.</summary>
    public static bool TryGetPublicKey(EvpPKeyHandle key, Span<byte> publicKey)
    {
        if (publicKey.Length < KeySize)
        {
            return false;
        }

        nuint length = KeySize;
        fixed (byte* p = publicKey)
        {
            return Succeeded(EVP_PKEY_get_raw_public_key(key, p, &length) == 1 && length == KeySize);
        }
    }

    /// <summary>Writes the key's scalar to <paramref name="privateKey"/> (for the BouncyCastle fallback only).</summary>
    public static bool TryGetPrivateKey(EvpPKeyHandle key, Span<byte> privateKey)
    {
        if (privateKey.Length < KeySize)
        {
            return false;
        }

        nuint length = KeySize;
        fixed (byte* p = privateKey)
        {
            return Succeeded(EVP_PKEY_get_raw_private_key(key, p, &length) == 1 && length == KeySize);
        }
    }

    /// <summary>
    /// X25519(our scalar, <paramref name="peerPublicKey"/>) into <paramref name="secret"/> (32 bytes). False when a
    /// call failed, which includes an all-zero result (a small-order peer value: OpenSSL refuses it, RFC 7748 §6.1);
    /// <paramref name="secret"/> is then cleared.
    /// </summary>
    public static bool TryDerive(EvpPKeyHandle key, ReadOnlySpan<byte> peerPublicKey, Span<byte> secret)
    {
        if (peerPublicKey.Length != KeySize || secret.Length < KeySize)
        {
            return false;
        }

        EvpPKeyHandle? peer;
        fixed (byte* p = peerPublicKey)
        {
            peer = Checked(EVP_PKEY_new_raw_public_key(NidX25519, IntPtr.Zero, p, KeySize));
        }

        if (peer is null)
        {
            return false;
        }

        using (peer)
        using (EvpPKeyContextHandle context = EVP_PKEY_CTX_new(key, IntPtr.Zero))
        {
            nuint length = KeySize;
            bool ok;
            fixed (byte* s = secret)
            {
                ok = !context.IsInvalid && EVP_PKEY_derive_init(context) == 1 && EVP_PKEY_derive_set_peer(context, peer) == 1
                    && EVP_PKEY_derive(context, s, &length) == 1 && length == KeySize;
            }

            // RFC 7748 §6.1: an all-zero secret is refused whatever the library said.
            ok = ok && secret[..KeySize].IndexOfAnyExcept((byte)0) >= 0;
            if (!ok)
            {
                CryptographicOperations.ZeroMemory(secret);
            }

            return Succeeded(ok);
        }
    }

    private static EvpPKeyHandle? Checked(EvpPKeyHandle key)
    {
        if (!key.IsInvalid)
        {
            return key;
        }

        key.Dispose();
        Succeeded(false);
        return null;
    }

    private static bool Succeeded(bool ok)
    {
        if (!ok)
        {
            ERR_clear_error();
        }

        return ok;
    }

    private static string? Probe()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("JINGLE_NET_NO_LIBCRYPTO"), "1", StringComparison.Ordinal))
        {
            return "JINGLE_NET_NO_LIBCRYPTO=1";
        }

        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(Library, out IntPtr handle))
        {
            return Library + " could not be loaded";
        }

        foreach (string name in (ReadOnlySpan<string>)["EVP_PKEY_new_raw_private_key", "EVP_PKEY_new_raw_public_key",
            "EVP_PKEY_get_raw_public_key", "EVP_PKEY_get_raw_private_key", "EVP_PKEY_free", "EVP_PKEY_CTX_new",
            "EVP_PKEY_CTX_free", "EVP_PKEY_derive_init", "EVP_PKEY_derive_set_peer", "EVP_PKEY_derive", "ERR_clear_error"])
        {
            if (!NativeLibrary.TryGetExport(handle, name, out _))
            {
                return Library + " has no " + name;
            }
        }

        // RFC 7748 §6.1: Alice's public key from her scalar, and the secret she shares with Bob.
        ReadOnlySpan<byte> alicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        ReadOnlySpan<byte> alicePublic = Convert.FromHexString("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        ReadOnlySpan<byte> bobPublic = Convert.FromHexString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        ReadOnlySpan<byte> shared = Convert.FromHexString("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        using EvpPKeyHandle? alice = CreatePrivateKey(alicePrivate);
        Span<byte> output = stackalloc byte[KeySize];
        if (alice is null || !TryGetPublicKey(alice, output) || !output.SequenceEqual(alicePublic))
        {
            return "the X25519 public key of RFC 7748 §6.1 did not match";
        }

        return TryDerive(alice, bobPublic, output) && output.SequenceEqual(shared)
            ? null
            : "the X25519 shared secret of RFC 7748 §6.1 did not match";
    }

    [LibraryImport(Library)]
    private static partial EvpPKeyHandle EVP_PKEY_new_raw_private_key(int type, IntPtr engine, byte* key, nuint length);

    [LibraryImport(Library)]
    private static partial EvpPKeyHandle EVP_PKEY_new_raw_public_key(int type, IntPtr engine, byte* key, nuint length);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_get_raw_public_key(EvpPKeyHandle key, byte* output, nuint* length);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_get_raw_private_key(EvpPKeyHandle key, byte* output, nuint* length);

    [LibraryImport(Library)]
    private static partial void EVP_PKEY_free(IntPtr key);

    [LibraryImport(Library)]
    private static partial EvpPKeyContextHandle EVP_PKEY_CTX_new(EvpPKeyHandle key, IntPtr engine);

    [LibraryImport(Library)]
    private static partial void EVP_PKEY_CTX_free(IntPtr context);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_derive_init(EvpPKeyContextHandle context);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_derive_set_peer(EvpPKeyContextHandle context, EvpPKeyHandle peer);

    [LibraryImport(Library)]
    private static partial int EVP_PKEY_derive(EvpPKeyContextHandle context, byte* secret, nuint* length);

    [LibraryImport(Library)]
    private static partial void ERR_clear_error();

    /// <summary>An OpenSSL EVP_PKEY (freed with EVP_PKEY_free, which also clears a private scalar).</summary>
    internal sealed class EvpPKeyHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public EvpPKeyHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            EVP_PKEY_free(handle);
            return true;
        }
    }

    /// <summary>An OpenSSL EVP_PKEY_CTX (freed with EVP_PKEY_CTX_free).</summary>
    internal sealed class EvpPKeyContextHandle : SafeHandleZeroOrMinusOneIsInvalid
    {
        public EvpPKeyContextHandle()
            : base(ownsHandle: true)
        {
        }

        protected override bool ReleaseHandle()
        {
            EVP_PKEY_CTX_free(handle);
            return true;
        }
    }
}

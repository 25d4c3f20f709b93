using System.Runtime.InteropServices;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Rtp.Tests.Srtp;

/// <summary>
/// Minimal P/Invoke binding of Debian's libsrtp2 (libsrtp2-1, /usr/include/srtp2/srtp.h of 2.5.0) for the
/// cross-check: one session per direction, wildcard SSRC, key = master key || master salt.
/// </summary>
internal sealed unsafe partial class LibSrtp : IDisposable
{
    public const string Library = "libsrtp2.so.1";

    private static readonly Lock InitLock = new();
    private static bool s_initialized;

    private readonly IntPtr _session;

    public LibSrtp(SrtpProtectionProfile profile, byte[] key, byte[] salt, bool inbound)
    {
        EnsureInitialized();
        var policy = default(SrtpPolicy);
        policy.SsrcType = inbound ? 2 : 3; // ssrc_any_inbound / ssrc_any_outbound
        switch (profile)
        {
            case SrtpProtectionProfile.Aes128CmHmacSha1_80:
                srtp_crypto_policy_set_rtp_default(&policy.Rtp);
                srtp_crypto_policy_set_rtp_default(&policy.Rtcp);
                break;
            case SrtpProtectionProfile.Aes128CmHmacSha1_32:
                srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.Rtp);
                srtp_crypto_policy_set_rtp_default(&policy.Rtcp);
                break;
            case SrtpProtectionProfile.AeadAes128Gcm:
                srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.Rtp);
                srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.Rtcp);
                break;
            case SrtpProtectionProfile.AeadAes256Gcm:
                srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.Rtp);
                srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.Rtcp);
                break;
            default:
                throw new NotSupportedException(profile.ToString());
        }

        byte[] keyAndSalt = [.. key, .. salt];
        fixed (byte* k = keyAndSalt)
        {
            policy.Key = k;
            policy.WindowSize = 1024;
            IntPtr session;
            int status = srtp_create(&session, &policy);
            if (status != 0)
            {
                throw new InvalidOperationException($"srtp_create failed: {status}");
            }

            _session = session;
        }
    }

    public static bool IsAvailable => NativeLibrary.TryLoad(Library, out _);

    public int Protect(byte[] buffer, int length, bool rtcp)
    {
        fixed (byte* p = buffer)
        {
            int len = length;
            int status = rtcp ? srtp_protect_rtcp(_session, p, &len) : srtp_protect(_session, p, &len);
            return status == 0 ? len : throw new InvalidOperationException($"libsrtp protect failed: {status}");
        }
    }

    /// <summary>Returns the plain length, or -status on failure.</summary>
    public int Unprotect(byte[] buffer, int length, bool rtcp)
    {
        fixed (byte* p = buffer)
        {
            int len = length;
            int status = rtcp ? srtp_unprotect_rtcp(_session, p, &len) : srtp_unprotect(_session, p, &len);
            return status == 0 ? len : -status;
        }
    }

    public void Dispose() => srtp_dealloc(_session);

    private static void EnsureInitialized()
    {
        lock (InitLock)
        {
            if (!s_initialized)
            {
                int status = srtp_init();
                if (status != 0)
                {
                    throw new InvalidOperationException($"srtp_init failed: {status}");
                }

                s_initialized = true;
            }
        }
    }

    [LibraryImport(Library)]
    private static partial int srtp_init();

    [LibraryImport(Library)]
    private static partial int srtp_create(IntPtr* session, SrtpPolicy* policy);

    [LibraryImport(Library)]
    private static partial int srtp_dealloc(IntPtr session);

    [LibraryImport(Library)]
    private static partial int srtp_protect(IntPtr session, byte* packet, int* length);

    [LibraryImport(Library)]
    private static partial int srtp_unprotect(IntPtr session, byte* packet, int* length);

    [LibraryImport(Library)]
    private static partial int srtp_protect_rtcp(IntPtr session, byte* packet, int* length);

    [LibraryImport(Library)]
    private static partial int srtp_unprotect_rtcp(IntPtr session, byte* packet, int* length);

    [LibraryImport(Library)]
    private static partial void srtp_crypto_policy_set_rtp_default(CryptoPolicy* policy);

    [LibraryImport(Library)]
    private static partial void srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(CryptoPolicy* policy);

    [LibraryImport(Library)]
    private static partial void srtp_crypto_policy_set_aes_gcm_128_16_auth(CryptoPolicy* policy);

    [LibraryImport(Library)]
    private static partial void srtp_crypto_policy_set_aes_gcm_256_16_auth(CryptoPolicy* policy);

    /// <summary>srtp_crypto_policy_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CryptoPolicy
    {
        public uint CipherType;
        public int CipherKeyLength;
        public uint AuthType;
        public int AuthKeyLength;
        public int AuthTagLength;
        public int SecurityServices;
    }

    /// <summary>srtp_policy_t (x86-64 layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SrtpPolicy
    {
        public int SsrcType;
        public uint SsrcValue;
        public CryptoPolicy Rtp;
        public CryptoPolicy Rtcp;
        public byte* Key;
        public IntPtr Keys;
        public nuint NumMasterKeys;
        public IntPtr DeprecatedEkt;
        public nuint WindowSize;
        public int AllowRepeatTx;
        public int* EncryptedExtensionHeaders;
        public int EncryptedExtensionHeaderCount;
        public IntPtr Next;
    }
}

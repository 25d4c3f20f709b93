using System.Runtime.InteropServices;

namespace Jingle.Net.Benchmarks.Rtp;

/// <summary>
/// The few libcrypto (OpenSSL 3) calls that <c>openssl speed</c> makes per operation for aes-128-gcm (-aead),
/// aes-128-ctr and hmac sha1, so the reference runs in the same process and under the same load as our code.
/// </summary>
internal static unsafe partial class OpenSslReference
{
    public const string Library = "libcrypto.so.3";

    private const int EvpCtrlGcmGetTag = 0x10;

    [LibraryImport(Library)]
    public static partial IntPtr EVP_CIPHER_CTX_new();

    [LibraryImport(Library)]
    public static partial void EVP_CIPHER_CTX_free(IntPtr ctx);

    [LibraryImport(Library)]
    public static partial IntPtr EVP_aes_128_gcm();

    [LibraryImport(Library)]
    public static partial IntPtr EVP_aes_128_ctr();

    [LibraryImport(Library)]
    public static partial IntPtr EVP_sha1();

    [LibraryImport(Library)]
    public static partial int EVP_EncryptInit_ex(IntPtr ctx, IntPtr cipher, IntPtr engine, byte* key, byte* iv);

    [LibraryImport(Library)]
    public static partial int EVP_EncryptUpdate(IntPtr ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(Library)]
    public static partial int EVP_EncryptFinal_ex(IntPtr ctx, byte* output, int* outputLength);

    [LibraryImport(Library)]
    public static partial int EVP_CIPHER_CTX_ctrl(IntPtr ctx, int type, int arg, byte* ptr);

    [LibraryImport(Library)]
    public static partial IntPtr HMAC_CTX_new();

    [LibraryImport(Library)]
    public static partial void HMAC_CTX_free(IntPtr ctx);

    [LibraryImport(Library)]
    public static partial int HMAC_Init_ex(IntPtr ctx, byte* key, int keyLength, IntPtr md, IntPtr engine);

    [LibraryImport(Library)]
    public static partial int HMAC_Update(IntPtr ctx, byte* data, nuint length);

    [LibraryImport(Library)]
    public static partial int HMAC_Final(IntPtr ctx, byte* md, uint* length);

    /// <summary>One AEAD operation as <c>openssl speed -aead</c>: new IV, 13 bytes of AAD, the data, final, tag.</summary>
    public static void GcmEncrypt(IntPtr ctx, byte* iv, byte* aad, byte* data, int length, byte* tag)
    {
        int outLength;
        EVP_EncryptInit_ex(ctx, IntPtr.Zero, IntPtr.Zero, null, iv);
        EVP_EncryptUpdate(ctx, null, &outLength, aad, 13);
        EVP_EncryptUpdate(ctx, data, &outLength, data, length);
        EVP_EncryptFinal_ex(ctx, data + outLength, &outLength);
        EVP_CIPHER_CTX_ctrl(ctx, EvpCtrlGcmGetTag, 16, tag);
    }
}

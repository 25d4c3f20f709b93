using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Jingle.Net.Base.Crypto;

/// <summary>
/// The SHA-1 block function of the platform's libcrypto (OpenSSL 3: SHA1_Init/SHA1_Update/SHA1_Final on a plain
/// SHA_CTX), which runs on the CPU's SHA extensions. <see cref="HmacSha1"/> keeps its own precomputed inner and
/// outer SHA_CTX states and copies them per call, so a tag costs two block-function calls and no EVP context
/// copies, provider lookups or allocations. Only used where the library loads (and passes a known-answer test).
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Stun and Jingle.Net.Rtp.
/// </summary>
internal static unsafe partial class LibCryptoSha1
{
    /// <summary>sizeof(SHA_CTX): h0..h4, Nl, Nh, data[16], num — 24 32-bit words.</summary>
    public const int ContextSize = 96;

    private const string Library = "libcrypto.so.3";

    private static readonly Lazy<bool> Available = new(Probe);

    public static bool IsAvailable => Available.Value;

    [LibraryImport(Library, EntryPoint = "SHA1_Init")]
    [SuppressGCTransition]
    public static partial int Init(byte* context);

    /// <summary>Absorbs <paramref name="length"/> bytes; for the short inputs of SRTP (≤ 64 KiB) this runs in microseconds.</summary>
    [LibraryImport(Library, EntryPoint = "SHA1_Update")]
    public static partial int Update(byte* context, byte* data, nuint length);

    /// <summary>SHA1_Update for up to an MTU of bytes (well under a microsecond with SHA extensions), without the GC transition.</summary>
    [LibraryImport(Library, EntryPoint = "SHA1_Update")]
    [SuppressGCTransition]
    public static partial int UpdateShort(byte* context, byte* data, nuint length);

    [LibraryImport(Library, EntryPoint = "SHA1_Final")]
    [SuppressGCTransition]
    public static partial int Final(byte* digest, byte* context);

    private static bool Probe()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("JINGLE_NET_NO_LIBCRYPTO"), "1", StringComparison.Ordinal))
        {
            return false;
        }

        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad(Library, out IntPtr handle))
        {
            return false;
        }

        if (!NativeLibrary.TryGetExport(handle, "SHA1_Init", out _) || !NativeLibrary.TryGetExport(handle, "SHA1_Update", out _)
            || !NativeLibrary.TryGetExport(handle, "SHA1_Final", out _))
        {
            return false;
        }

        // Known answer: SHA-1("abc") (FIPS 180-2 appendix A.1).
        byte* context = stackalloc byte[ContextSize];
        byte* digest = stackalloc byte[20];
        byte* abc = stackalloc byte[] { (byte)'a', (byte)'b', (byte)'c' };
        Init(context);
        Update(context, abc, 3);
        Final(digest, context);
        ReadOnlySpan<byte> expected = [0xA9, 0x99, 0x3E, 0x36, 0x47, 0x06, 0x81, 0x6A, 0xBA, 0x3E, 0x25, 0x71, 0x78, 0x50, 0xC2, 0x6C, 0x9C, 0xD0, 0xD8, 0x9D];
        return new ReadOnlySpan<byte>(digest, 20).SequenceEqual(expected);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyContext(byte* destination, byte* source) => Buffer.MemoryCopy(source, destination, ContextSize, ContextSize);
}

using System.Reflection;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Jingle.Net.Base.Crypto;

namespace Jingle.Net.Base.Tests.Crypto;

/// <summary>
/// The managed AES-NI/PCLMULQDQ GCM (and the <see cref="AesGcm"/> wrapper) against the McGrew–Viega / NIST
/// SP 800-38D test cases, against .NET's <see cref="AesGcm"/> on random inputs, and on tampering, in-place use and
/// argument checks.
/// </summary>
public sealed class AesGcmCipherTests
{
    private const string Key128 = "feffe9928665731c6d6a8f9467308308";
    private const string Key256 = Key128 + Key128;
    private const string Nonce = "cafebabefacedbaddecaf888";
    private const string Aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    private const string Plaintext64 =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";

    public static TheoryData<bool> Implementations => new() { false, true };

    /// <summary>(case, key, nonce, plaintext, aad, ciphertext, tag) from "The Galois/Counter Mode of Operation", appendix B.</summary>
    public static TheoryData<string, string, string, string, string, string, string> GcmSpecVectors => new()
    {
        { "1: AES-128, empty plaintext", "00000000000000000000000000000000", "000000000000000000000000", "", "", "",
            "58e2fccefa7e3061367f1d57a4e7455a" },
        { "2: AES-128, one block", "00000000000000000000000000000000", "000000000000000000000000",
            "00000000000000000000000000000000", "", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf" },
        { "3: AES-128, 64 bytes", Key128, Nonce, Plaintext64, "",
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4" },
        { "4: AES-128, 60 bytes with AAD", Key128, Nonce, Plaintext64[..120], Aad,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47" },
        { "13: AES-256, empty plaintext", new string('0', 64), "000000000000000000000000", "", "", "",
            "530f8afbc74536b9a963b4f1c4cb738b" },
        { "14: AES-256, one block", new string('0', 64), "000000000000000000000000", "00000000000000000000000000000000", "",
            "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
        { "15: AES-256, 64 bytes", Key256, Nonce, Plaintext64, "",
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
            "b094dac5d93471bdec1a502270e3cc6c" },
        { "16: AES-256, 60 bytes with AAD", Key256, Nonce, Plaintext64[..120], Aad,
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b" },
    };

    [Theory]
    [MemberData(nameof(GcmSpecVectors))]
    public void GcmSpec_TestCase_EncryptsAndDecrypts(string name, string key, string nonce, string plaintext, string aad, string ciphertext, string tag)
    {
        Assert.NotEmpty(name);
        foreach (bool forcePlatform in new[] { false, true })
        {
            using AesGcmCipher gcm = Create(Convert.FromHexString(key), forcePlatform);
            byte[] p = Convert.FromHexString(plaintext);
            byte[] c = new byte[p.Length];
            byte[] t = new byte[16];
            gcm.Encrypt(Convert.FromHexString(nonce), p, c, t, Convert.FromHexString(aad));
            Assert.Equal(ciphertext, Convert.ToHexStringLower(c));
            Assert.Equal(tag, Convert.ToHexStringLower(t));

            byte[] decrypted = new byte[c.Length];
            Assert.True(gcm.TryDecrypt(Convert.FromHexString(nonce), c, t, decrypted, Convert.FromHexString(aad)));
            Assert.Equal(plaintext, Convert.ToHexStringLower(decrypted));
        }
    }

    [Fact]
    public void Intrinsics_AreUsedWhereTheCpuHasThem()
    {
        using AesGcmCipher gcm = AesGcmCipher.Create(new byte[16]);
        using AesGcmCipher platform = AesGcmCipher.Create(new byte[16], forcePlatform: true);
        Assert.Equal(AesGcmIntrinsics.IsSupported, gcm.UsesIntrinsics);
        Assert.False(platform.UsesIntrinsics);
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
            && System.Runtime.Intrinsics.X86.Aes.IsSupported && System.Runtime.Intrinsics.X86.Pclmulqdq.IsSupported)
        {
            Assert.True(gcm.UsesIntrinsics);
        }
    }

    /// <summary>2,400 seeded random cases against .NET's AesGcm: keys 16/32, AAD 0–64, every interesting length.</summary>
    [Theory]
    [MemberData(nameof(Implementations))]
    public void RandomInputs_MatchPlatformAesGcm(bool forcePlatform)
    {
        int[] edges = [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 79, 80, 96, 111, 112, 113, 127, 128, 129,
            143, 144, 191, 192, 193, 255, 256, 257, 1200, 1213, 2000];
        var random = new Random(20261123);
        for (int i = 0; i < 2400; i++)
        {
            int keyLength = random.Next(2) == 0 ? 16 : 32;
            int length = i < edges.Length * 2 ? edges[i % edges.Length] : random.Next(0, 2001);
            int aadLength = i < edges.Length ? Math.Min(64, edges[i]) : random.Next(0, 65);
            int tagLength = i % 7 == 0 ? random.Next(12, 17) : 16;
            byte[] key = RandomBytes(random, keyLength);
            byte[] nonce = RandomBytes(random, 12);
            byte[] aad = RandomBytes(random, aadLength);
            byte[] plaintext = RandomBytes(random, length);

            using var reference = new AesGcm(key, tagLength);
            byte[] expected = new byte[length];
            byte[] expectedTag = new byte[tagLength];
            reference.Encrypt(nonce, plaintext, expected, expectedTag, aad);

            using AesGcmCipher gcm = Create(key, forcePlatform, tagLength);
            byte[] ciphertext = new byte[length];
            byte[] tag = new byte[tagLength];
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, aad);
            Assert.True(expected.AsSpan().SequenceEqual(ciphertext), $"ciphertext, case {i}, length {length}, aad {aadLength}");
            Assert.True(expectedTag.AsSpan().SequenceEqual(tag), $"tag, case {i}, length {length}, aad {aadLength}");

            // In place both ways: encrypt over the plaintext, decrypt over the ciphertext.
            byte[] buffer = (byte[])plaintext.Clone();
            gcm.Encrypt(nonce, buffer, buffer, tag, aad);
            Assert.True(expected.AsSpan().SequenceEqual(buffer), $"in-place ciphertext, case {i}");
            Assert.True(gcm.TryDecrypt(nonce, buffer, tag, buffer, aad), $"in-place decrypt, case {i}");
            Assert.True(plaintext.AsSpan().SequenceEqual(buffer), $"in-place plaintext, case {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Tampering_FailsAndZeroesThePlaintext(bool forcePlatform)
    {
        var random = new Random(5);
        using AesGcmCipher gcm = Create(RandomBytes(random, 16), forcePlatform);
        foreach (int length in new[] { 1, 16, 100, 129, 1200 })
        {
            byte[] nonce = RandomBytes(random, 12);
            byte[] aad = RandomBytes(random, 13);
            byte[] plaintext = RandomBytes(random, length);
            byte[] ciphertext = new byte[length];
            byte[] tag = new byte[16];
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, aad);

            int position = random.Next(length);
            AssertRejected(gcm, nonce, Flip(ciphertext, position), tag, aad, $"ciphertext byte {position} of {length}");
            AssertRejected(gcm, nonce, ciphertext, Flip(tag, random.Next(16)), aad, "tag");
            AssertRejected(gcm, nonce, ciphertext, tag, Flip(aad, random.Next(13)), "AAD");
            AssertRejected(gcm, Flip(nonce, random.Next(12)), ciphertext, tag, aad, "nonce");
            AssertRejected(gcm, nonce, ciphertext, tag, aad.AsSpan(0, 12).ToArray(), "AAD length");

            // In place: the ciphertext buffer must not be left holding plaintext.
            byte[] buffer = Flip(ciphertext, position);
            Assert.False(gcm.TryDecrypt(nonce, buffer, tag, buffer, aad));
            Assert.All(buffer, b => Assert.Equal(0, b));

            byte[] output = new byte[length];
            Assert.Throws<AuthenticationTagMismatchException>(() => gcm.Decrypt(nonce, ciphertext, Flip(tag, 0), output, aad));
            gcm.Decrypt(nonce, ciphertext, tag, output, aad);
            Assert.Equal(plaintext, output);
        }
    }

    [Fact]
    public void EmptyPlaintext_AuthenticatesAssociatedDataOnly()
    {
        using AesGcmCipher gcm = Create(new byte[32], forcePlatform: false);
        byte[] nonce = new byte[12];
        byte[] tag = new byte[16];
        gcm.Encrypt(nonce, [], [], tag, [1, 2, 3]);
        Assert.True(gcm.TryDecrypt(nonce, [], tag, [], [1, 2, 3]));
        Assert.False(gcm.TryDecrypt(nonce, [], tag, [], [1, 2, 4]));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void BadArguments_Throw(bool forcePlatform)
    {
        using AesGcmCipher gcm = Create(new byte[16], forcePlatform);
        byte[] buffer = new byte[64];
        byte[] tag = new byte[16];
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[8], buffer, buffer, tag));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[16], buffer, buffer, tag));
        Assert.Throws<ArgumentException>(() => gcm.TryDecrypt(new byte[13], buffer, tag, buffer));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], buffer, new byte[63], tag));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], buffer, buffer, new byte[12]));
        Assert.Throws<ArgumentException>(() => gcm.Encrypt(new byte[12], buffer.AsSpan(0, 32), buffer.AsSpan(16, 32), tag));
        Assert.Throws<ArgumentException>(() => gcm.TryDecrypt(new byte[12], buffer.AsSpan(1, 32), tag, buffer.AsSpan(0, 32)));
        Assert.Throws<ArgumentException>(() => Create(new byte[20], forcePlatform));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(new byte[16], forcePlatform, tagLength: 8));
    }

    [Fact]
    public void Dispose_ZeroesRoundKeysAndHashKeyPowers()
    {
        Assert.SkipUnless(AesGcmIntrinsics.IsSupported, "needs AES-NI and PCLMULQDQ");
        var gcm = new AesGcmIntrinsics(Convert.FromHexString(Key256));
        Vector128<byte>[] roundKeys = PrivateArray(gcm, "_roundKeys");
        Vector128<byte>[] powers = PrivateArray(gcm, "_hPowers");
        Assert.Equal(15, roundKeys.Length);
        Assert.Equal(Ghash.PowerCount, powers.Length);
        Assert.All(powers, p => Assert.NotEqual(Vector128<byte>.Zero, p));

        gcm.Dispose();
        Assert.All(roundKeys, k => Assert.Equal(Vector128<byte>.Zero, k));
        Assert.All(powers, p => Assert.Equal(Vector128<byte>.Zero, p));
        Assert.Throws<ObjectDisposedException>(() => gcm.Encrypt(new byte[12], [], [], new byte[16]));
    }

    private static AesGcmCipher Create(byte[] key, bool forcePlatform, int tagLength = 16)
    {
        if (!forcePlatform)
        {
            Assert.SkipUnless(AesGcmIntrinsics.IsSupported, "needs AES-NI and PCLMULQDQ");
        }

        AesGcmCipher gcm = AesGcmCipher.Create(key, tagLength, forcePlatform);
        Assert.Equal(!forcePlatform, gcm.UsesIntrinsics);
        return gcm;
    }

    private static void AssertRejected(AesGcmCipher gcm, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] aad, string what)
    {
        byte[] output = new byte[ciphertext.Length];
        output.AsSpan().Fill(0xA5);
        Assert.False(gcm.TryDecrypt(nonce, ciphertext, tag, output, aad), $"tampered {what} accepted");
        Assert.True(output.AsSpan().IndexOfAnyExcept((byte)0) < 0, $"plaintext left after tampered {what}");
    }

    private static byte[] Flip(byte[] data, int position)
    {
        byte[] copy = (byte[])data.Clone();
        copy[position] ^= 0x01;
        return copy;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static Vector128<byte>[] PrivateArray(AesGcmIntrinsics gcm, string field) =>
        (Vector128<byte>[])typeof(AesGcmIntrinsics).GetField(field, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(gcm)!;
}

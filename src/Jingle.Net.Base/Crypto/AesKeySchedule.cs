namespace Jingle.Net.Base.Crypto;

/// <summary>
/// AES key expansion (FIPS-197 §5.2) for 128- and 256-bit keys, computed in software once per key. The S-box is
/// derived at start-up from its definition (multiplicative inverse in GF(2^8) followed by the affine map) rather
/// than typed in as a table.
/// Shared source: compiled into Jingle.Net.Base and linked into Jingle.Net.Ice and Jingle.Net.Rtp (STYLE.md).
/// </summary>
internal static class AesKeySchedule
{
    private static readonly byte[] SBox = BuildSBox();

    /// <summary>Number of rounds for a key of <paramref name="keyLength"/> bytes (16 → 10, 24 → 12, 32 → 14).</summary>
    public static int RoundsFor(int keyLength) => keyLength switch
    {
        16 => 10,
        24 => 12,
        32 => 14,
        _ => throw new ArgumentException($"AES key must be 16, 24 or 32 bytes, not {keyLength}.", nameof(keyLength)),
    };

    /// <summary>Expands <paramref name="key"/> into (rounds + 1) × 16 bytes of round keys, in byte order.</summary>
    public static byte[] Expand(ReadOnlySpan<byte> key)
    {
        int rounds = RoundsFor(key.Length);
        int nk = key.Length / 4;
        int totalWords = 4 * (rounds + 1);
        byte[] w = new byte[totalWords * 4];
        key.CopyTo(w);
        byte rcon = 1;
        Span<byte> temp = stackalloc byte[4];
        for (int i = nk; i < totalWords; i++)
        {
            w.AsSpan((i - 1) * 4, 4).CopyTo(temp);
            if (i % nk == 0)
            {
                byte t0 = temp[0];
                temp[0] = (byte)(SBox[temp[1]] ^ rcon);
                temp[1] = SBox[temp[2]];
                temp[2] = SBox[temp[3]];
                temp[3] = SBox[t0];
                rcon = XTime(rcon);
            }
            else if (nk > 6 && i % nk == 4)
            {
                for (int j = 0; j < 4; j++)
                {
                    temp[j] = SBox[temp[j]];
                }
            }

            for (int j = 0; j < 4; j++)
            {
                w[(i * 4) + j] = (byte)(w[((i - nk) * 4) + j] ^ temp[j]);
            }
        }

        return w;
    }

    private static byte XTime(byte b) => (byte)((b << 1) ^ ((b & 0x80) != 0 ? 0x1B : 0));

    private static byte Multiply(byte a, byte b)
    {
        byte p = 0;
        while (b != 0)
        {
            if ((b & 1) != 0)
            {
                p ^= a;
            }

            a = XTime(a);
            b >>= 1;
        }

        return p;
    }

    private static byte[] BuildSBox()
    {
        byte[] box = new byte[256];
        for (int x = 0; x < 256; x++)
        {
            byte inverse = 0;
            if (x != 0)
            {
                for (int y = 1; y < 256; y++)
                {
                    if (Multiply((byte)x, (byte)y) == 1)
                    {
                        inverse = (byte)y;
                        break;
                    }
                }
            }

            int s = inverse;
            int result = s ^ RotateLeft(s, 1) ^ RotateLeft(s, 2) ^ RotateLeft(s, 3) ^ RotateLeft(s, 4) ^ 0x63;
            box[x] = (byte)result;
        }

        return box;
    }

    private static int RotateLeft(int b, int n) => ((b << n) | (b >> (8 - n))) & 0xFF;
}

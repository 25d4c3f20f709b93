using System.Buffers.Binary;

namespace Jingle.Net.Sctp.Tests;

/// <summary>Numbered, self-checking message payloads: 8-byte index then a pattern derived from it.</summary>
internal static class Payloads
{
    public static byte[] Create(long index, int size)
    {
        byte[] data = new byte[Math.Max(size, 8)];
        BinaryPrimitives.WriteInt64LittleEndian(data, index);
        for (int i = 8; i < data.Length; i++)
        {
            data[i] = (byte)((index * 31) + i);
        }

        return data;
    }

    public static bool Check(ReadOnlySpan<byte> data, long expectedIndex)
    {
        if (data.Length < 8 || BinaryPrimitives.ReadInt64LittleEndian(data) != expectedIndex)
        {
            return false;
        }

        for (int i = 8; i < data.Length; i++)
        {
            if (data[i] != (byte)((expectedIndex * 31) + i))
            {
                return false;
            }
        }

        return true;
    }
}

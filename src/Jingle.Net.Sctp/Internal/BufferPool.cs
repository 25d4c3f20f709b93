using System.Numerics;

namespace Jingle.Net.Sctp.Internal;

/// <summary>
/// A single-threaded pool of byte arrays in power-of-two size classes. ArrayPool.Shared keeps only a few arrays per
/// size, but an association holds thousands at once (send queue, outstanding chunks, reassembly); this pool keeps up
/// to <c>maxRetainedBytesPerClass</c> of each class so steady-state transfers allocate nothing. Owned by one
/// association (or simulation) and used only on its thread, so it takes no locks.
/// </summary>
internal sealed class BufferPool(long maxRetainedBytesPerClass = 8L * 1024 * 1024)
{
    private const int MinShift = 6; // 64 B
    private const int MaxShift = 22; // 4 MiB
    private readonly Stack<byte[]>[] _classes = CreateClasses();

    private static Stack<byte[]>[] CreateClasses()
    {
        var classes = new Stack<byte[]>[MaxShift - MinShift + 1];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = new Stack<byte[]>();
        }

        return classes;
    }

    private static int ClassOf(int length)
    {
        int shift = length <= 1 << MinShift ? MinShift : 32 - BitOperations.LeadingZeroCount((uint)length - 1);
        return shift - MinShift;
    }

    /// <summary>An array of at least <paramref name="length"/> bytes.</summary>
    public byte[] Rent(int length)
    {
        int c = ClassOf(length);
        if (c >= _classes.Length)
        {
            return new byte[length];
        }

        return _classes[c].TryPop(out byte[]? array) ? array : new byte[1 << (c + MinShift)];
    }

    public void Return(byte[] array)
    {
        int length = array.Length;
        if (length == 0 || !BitOperations.IsPow2(length))
        {
            return;
        }

        int c = ClassOf(length);
        if (c < _classes.Length && (long)(_classes[c].Count + 1) * length <= maxRetainedBytesPerClass)
        {
            _classes[c].Push(array);
        }
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Native buffers for one recvmmsg(2) call: <see cref="Capacity"/> slots of <see cref="SlotSize"/> bytes, each with its
/// iovec and sockaddr_storage. The arena is reserved once (Linux commits a page only when the kernel first writes to
/// it, so 32 slots of 64 KiB cost a few pages for MTU-sized traffic) and reused for every batch: nothing is allocated
/// per datagram. Used by one receive loop at a time; freed by <see cref="Dispose"/>.
/// </summary>
internal sealed unsafe class UdpReceiveBatch : IDisposable
{
    private LinuxUdpInterop.MMsgHdr* _headers;
    private LinuxUdpInterop.IoVec* _iovs;
    private byte* _names;
    private byte* _data;

    public UdpReceiveBatch(int capacity, int slotSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 1);
        Capacity = capacity;
        SlotSize = slotSize;
        _headers = (LinuxUdpInterop.MMsgHdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(LinuxUdpInterop.MMsgHdr));
        _iovs = (LinuxUdpInterop.IoVec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(LinuxUdpInterop.IoVec));
        _names = (byte*)NativeMemory.AllocZeroed((nuint)capacity, LinuxUdpInterop.SockAddrStorageSize);
        _data = (byte*)NativeMemory.Alloc((nuint)capacity * (nuint)slotSize);
        for (int i = 0; i < capacity; i++)
        {
            _iovs[i].Base = _data + ((nint)i * slotSize);
            _iovs[i].Length = (nuint)slotSize;
        }
    }

    public int Capacity { get; }

    public int SlotSize { get; }

    /// <summary>
    /// Takes up to <see cref="Capacity"/> queued datagrams without blocking. Returns how many arrived, or -1 with
    /// <paramref name="errno"/> set (EAGAIN when none was queued).
    /// </summary>
    public int Receive(SafeSocketHandle socket, out int errno)
    {
        ObjectDisposedException.ThrowIf(_headers is null, this);
        for (int i = 0; i < Capacity; i++)
        {
            ref LinuxUdpInterop.MsgHdr header = ref _headers[i].Header;
            header.Name = _names + ((nint)i * LinuxUdpInterop.SockAddrStorageSize);
            header.NameLength = LinuxUdpInterop.SockAddrStorageSize;
            header.Iov = _iovs + i;
            header.IovLength = 1;
            header.Control = null;
            header.ControlLength = 0;
            header.Flags = 0;
            _headers[i].Length = 0;
        }

        int received = LinuxUdpInterop.RecvMMsg(socket, _headers, (uint)Capacity, LinuxUdpInterop.MsgDontWait, null);
        errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
        return received;
    }

    /// <summary>The payload of message <paramref name="index"/> of the last batch (valid until the next receive).</summary>
    public ReadOnlySpan<byte> GetPayload(int index) =>
        new(_data + ((nint)index * SlotSize), (int)Math.Min(_headers[index].Length, (uint)SlotSize));

    /// <summary>True when message <paramref name="index"/> was longer than a slot and the kernel cut it.</summary>
    public bool IsTruncated(int index) => (_headers[index].Header.Flags & LinuxUdpInterop.MsgTrunc) != 0;

    /// <summary>Copies message <paramref name="index"/>'s source address into <paramref name="address"/> (native sockaddr layout, as .NET keeps it on Unix).</summary>
    public void CopySource(int index, SocketAddress address)
    {
        int length = (int)Math.Min(_headers[index].Header.NameLength, (uint)address.Buffer.Length);
        new ReadOnlySpan<byte>(_names + ((nint)index * LinuxUdpInterop.SockAddrStorageSize), length).CopyTo(address.Buffer.Span);
        address.Size = length;
    }

    public void Dispose()
    {
        if (_headers is null)
        {
            return;
        }

        NativeMemory.Free(_headers);
        NativeMemory.Free(_iovs);
        NativeMemory.Free(_names);
        NativeMemory.Free(_data);
        _headers = null;
        _iovs = null;
        _names = null;
        _data = null;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// Native buffers for one recvmmsg(2) call: <see cref="Capacity"/> slots of <see cref="SlotSize"/> bytes, each with its
/// iovec and sockaddr_storage. The arena is reserved once (Linux commits a page only when the kernel first writes to
/// it, so 32 slots of 64 KiB cost a few pages for MTU-sized traffic) and reused for every batch: nothing is allocated
/// per datagram. Used by one receive loop at a time; freed by <see cref="Dispose"/>.
/// <para>
/// With <c>receiveOffload</c> (the socket has UDP_GRO on), each slot also gets room for control messages, and
/// <see cref="GetSegmentSize"/> reads the (SOL_UDP, UDP_GRO) one: the segment size of a datagram the kernel coalesced.
/// </para>
/// </summary>
internal sealed unsafe class UdpReceiveBatch : IDisposable
{
    private LinuxUdpInterop.MMsgHdr* _headers;
    private LinuxUdpInterop.IoVec* _iovs;
    private byte* _names;
    private byte* _data;
    private byte* _control;

    /// <summary>Control message room per slot: CMSG_SPACE(sizeof(int)) is 24 bytes on 64-bit; a spare one fits too.</summary>
    private const int ControlSize = 64;

    public UdpReceiveBatch(int capacity, int slotSize, bool receiveOffload = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotSize, 1);
        Capacity = capacity;
        SlotSize = slotSize;
        _headers = (LinuxUdpInterop.MMsgHdr*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(LinuxUdpInterop.MMsgHdr));
        _iovs = (LinuxUdpInterop.IoVec*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(LinuxUdpInterop.IoVec));
        _names = (byte*)NativeMemory.AllocZeroed((nuint)capacity, LinuxUdpInterop.SockAddrStorageSize);
        _data = (byte*)NativeMemory.Alloc((nuint)capacity * (nuint)slotSize);
        if (receiveOffload)
        {
            _control = (byte*)NativeMemory.AlignedAlloc((nuint)capacity * ControlSize, 16);
        }

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
            header.Control = _control is null ? null : _control + ((nint)i * ControlSize);
            header.ControlLength = _control is null ? 0 : (nuint)ControlSize;
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

    /// <summary>
    /// The segment size the kernel reported for message <paramref name="index"/> when it coalesced several datagrams
    /// into it (UDP_GRO); 0 for a datagram received as sent.
    /// </summary>
    public int GetSegmentSize(int index)
    {
        ref LinuxUdpInterop.MsgHdr header = ref _headers[index].Header;
        if (_control is null || (header.Flags & LinuxUdpInterop.MsgCTrunc) != 0)
        {
            return 0;
        }

        // CMSG_FIRSTHDR / CMSG_NXTHDR over what the kernel wrote (msg_controllen is updated to that length).
        byte* control = (byte*)header.Control;
        nuint length = Math.Min(header.ControlLength, (nuint)ControlSize);
        int headerSize = LinuxUdpInterop.CMsgAlign(sizeof(LinuxUdpInterop.CMsgHdr));
        for (nuint offset = 0; offset + (nuint)sizeof(LinuxUdpInterop.CMsgHdr) <= length;)
        {
            var cmsg = (LinuxUdpInterop.CMsgHdr*)(control + offset);
            if (cmsg->Length < (nuint)headerSize || offset + cmsg->Length > length)
            {
                return 0;
            }

            if (cmsg->Level == LinuxUdpInterop.SolUdp && cmsg->Type == LinuxUdpInterop.UdpGro && cmsg->Length >= (nuint)(headerSize + sizeof(int)))
            {
                return Math.Max(*(int*)((byte*)cmsg + headerSize), 0);
            }

            offset += (nuint)LinuxUdpInterop.CMsgAlign((int)cmsg->Length);
        }

        return 0;
    }

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
        NativeMemory.AlignedFree(_control);
        _headers = null;
        _control = null;
        _iovs = null;
        _names = null;
        _data = null;
    }
}

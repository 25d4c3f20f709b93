using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// The libc calls the batched UDP paths need on Linux: recvmmsg(2) to receive, sendmsg(2) with a UDP_SEGMENT control
/// message (UDP GSO) and sendmmsg(2) to send, and the UDP_GRO control message to split what the kernel coalesced
/// (UdpPacketSocket.Batch.cs, UdpPacketSocket.Send.cs). The structs follow the C
/// layouts of &lt;sys/socket.h&gt; with natural alignment, which <c>nint</c>/<c>nuint</c> fields reproduce on 32- and
/// 64-bit alike. Source-generated marshalling only: AOT- and trimming-safe.
/// </summary>
internal static unsafe partial class LinuxUdpInterop
{
    private const string Libc = "libc";

    /// <summary>MSG_TRUNC: set in msg_flags when the datagram was longer than the buffer.</summary>
    public const int MsgTrunc = 0x20;

    /// <summary>MSG_DONTWAIT: fail with EAGAIN instead of blocking.</summary>
    public const int MsgDontWait = 0x40;

    /// <summary>MSG_CTRUNC: set in msg_flags when the control messages did not fit.</summary>
    public const int MsgCTrunc = 0x08;

    /// <summary>SOL_UDP (IPPROTO_UDP): the level of the UDP socket options and control messages.</summary>
    public const int SolUdp = 17;

    /// <summary>UDP_SEGMENT (Linux 4.18): a u16 control message (or option) with the size of each GSO segment.</summary>
    public const int UdpSegment = 103;

    /// <summary>UDP_GRO (Linux 5.0): an int option that enables receive coalescing; the control message carries the segment size.</summary>
    public const int UdpGro = 104;

    /// <summary>UDP_MAX_SEGMENTS: most segments one GSO send may carry (64 up to Linux 6.x; later kernels allow more).</summary>
    public const int UdpMaxSegments = 64;

    /// <summary>Largest UDP payload one send may carry over IPv4 (65535 minus the IPv4 and UDP headers); used for IPv6 too.</summary>
    public const int MaxUdpPayload = 65507;

    public const int EIO = 5;
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ENoBufs = 105;
    public const int EInval = 22;
    public const int ENoSys = 38;
    public const int EMsgSize = 90;
    public const int ENoProtoOpt = 92;
    public const int EOpNotSupp = 95;

    /// <summary>Large enough for any sockaddr (sizeof(struct sockaddr_storage)).</summary>
    public const int SockAddrStorageSize = 128;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CMsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>CMSG_ALIGN: control messages and their data are aligned to sizeof(size_t).</summary>
    public static int CMsgAlign(int length) => (length + sizeof(nuint) - 1) & ~(sizeof(nuint) - 1);

    /// <summary>CMSG_LEN: the cmsg_len of a control message carrying <paramref name="dataLength"/> bytes.</summary>
    public static int CMsgLen(int dataLength) => CMsgAlign(sizeof(CMsgHdr)) + dataLength;

    /// <summary>CMSG_SPACE: the room a control message carrying <paramref name="dataLength"/> bytes takes.</summary>
    public static int CMsgSpace(int dataLength) => CMsgAlign(sizeof(CMsgHdr)) + CMsgAlign(dataLength);

    /// <summary>sendmsg(2). Returns the bytes sent or -1 (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    [LibraryImport(Libc, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(SafeSocketHandle socket, MsgHdr* message, int flags);

    /// <summary>sendmmsg(2). Returns how many messages were sent or -1 when the first failed (errno as above).</summary>
    [LibraryImport(Libc, EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(SafeSocketHandle socket, MMsgHdr* messages, uint count, int flags);

    /// <summary>recvmmsg(2). Returns the number of messages received or -1 (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    [LibraryImport(Libc, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(SafeSocketHandle socket, MMsgHdr* messages, uint count, int flags, void* timeout);
}

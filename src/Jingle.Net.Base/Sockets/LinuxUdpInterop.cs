using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Jingle.Net.Base.Sockets;

/// <summary>
/// The libc call the batched UDP receive path needs on Linux (recvmmsg(2)). The structs follow the C
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

    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int ENoSys = 38;
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

    /// <summary>recvmmsg(2). Returns the number of messages received or -1 (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    [LibraryImport(Libc, EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(SafeSocketHandle socket, MMsgHdr* messages, uint count, int flags, void* timeout);
}

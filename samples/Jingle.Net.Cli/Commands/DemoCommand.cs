using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle demo</c>: the README's main command. Until the PeerConnection lands it runs what exists: two UDP
/// sockets on a worker RtcThread exchange datagrams over real loopback, and it says plainly what is not built yet.
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    public Command Create()
    {
        var packets = new Option<int>("--packets") { Description = "Datagrams to send", DefaultValueFactory = _ => 200_000 };
        var size = new Option<int>("--size") { Description = "Datagram size in bytes", DefaultValueFactory = _ => 1200 };
        var command = new Command("demo", "Two peers in one process over real loopback UDP (no server needed)") { packets, size };
        command.SetAction((result, token) => RunAsync(result.GetValue(packets), result.GetValue(size), token));
        return command;
    }

    private static async Task<int> RunAsync(int packets, int size, CancellationToken token)
    {
        JingleEnvironment env = JingleEnvironment.CreateDefault();
        await using var worker = new RtcThread("worker");
        var options = new UdpSocketOptions { DeliveryThread = worker };
        await using IUdpSocket a = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0), options);
        await using IUdpSocket b = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0), options);
        Console.WriteLine($"peer A  udp {a.LocalEndPoint}");
        Console.WriteLine($"peer B  udp {b.LocalEndPoint}");

        long received = 0, receivedBytes = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Start((_, packet, _, _) =>
        {
            received++;
            receivedBytes += packet.Length;
            if (received == packets)
            {
                done.TrySetResult();
            }
        });
        a.Start(static (_, _, _, _) => { });

        byte[] payload = new byte[size];
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < packets && !token.IsCancellationRequested; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            a.SendTo(payload, b.LocalEndPoint);
            if ((i & 255) == 255)
            {
                // Pace a little so the kernel buffer on loopback never overflows: this demo shows no loss.
                while (i - Interlocked.Read(ref received) > 2048)
                {
                    Thread.SpinWait(50);
                }
            }
        }

        await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(5), token));
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"sent {packets} datagrams of {size} B, received {received} ({receivedBytes / 1e6:F1} MB) in {seconds * 1000:F0} ms: {receivedBytes / 1e6 / seconds:F1} MB/s, {received / seconds:F0} packets/s");
        Console.WriteLine($"A: {a.Statistics}");
        Console.WriteLine($"B: {b.Statistics}");
        Console.WriteLine();
        Console.WriteLine("Not built yet (see README's status table): STUN/TURN, ICE, DTLS, SCTP data channels, PeerConnection.");
        Console.WriteLine("When they land, this command connects two PeerConnections through ICE + DTLS + SCTP instead.");
        return received == packets ? 0 : 1;
    }
}

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jingle.Net.Base.Networking;
using Jingle.Net.Jsep;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle pcclient --server URL --name N [--call PEER] [--echo|--sink|--send FILE] [--json]</c>: libwebrtc's
/// peerconnection_client without the window. Signs in to a <c>jingle pcserver</c> (or libwebrtc's
/// peerconnection_server), then either calls the peer named PEER (waiting for it to sign in) or waits for a call.
/// Messages are the sample's: <c>{"type":"offer"|"answer","sdp":...}</c>, then trickled candidates
/// <c>{"sdpMid","sdpMLineIndex","candidate"}</c> (no end-of-candidates message, as the sample), and "BYE" to hang up.
/// The offer carries one data channel ("data") and no audio or video: Jingle.Net has no media engines behind the
/// PeerConnection yet, so an offer with audio/video from libwebrtc's client is answered with those sections
/// rejected. After the transfer the side that sent hangs up (BYE), both close and sign out.
/// </summary>
internal sealed class PcClientCommand : ICliCommand
{
    public Command Create()
    {
        var server = new Option<string>("--server") { Description = "The peerconnection server", DefaultValueFactory = _ => "http://127.0.0.1:8888" };
        var name = new Option<string>("--name") { Description = "Our name in the peer list", DefaultValueFactory = _ => "jingle@" + Environment.MachineName };
        var call = new Option<string?>("--call") { Description = "Call the peer with this name (waits for it to sign in); without it, wait for a call" };
        var echo = new Option<bool>("--echo") { Description = "Echo every message received" };
        var sink = new Option<bool>("--sink") { Description = "Receive and discard, counting bytes (the default without --send)" };
        var send = new Option<FileInfo?>("--send") { Description = "Send this file in 64 KiB messages, then hang up" };
        var expectEcho = new Option<bool>("--expect-echo") { Description = "With --send: wait until the file came back (the peer echoes)" };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the callee, the channel, a send and its echo", DefaultValueFactory = _ => 60 };
        var command = new Command("pcclient", "libwebrtc's peerconnection_client: a data channel through a pcserver")
        {
            server, name, call, echo, sink, send, expectEcho, json, timeout,
        };
        command.SetAction((result, token) =>
        {
            var options = new TransferOptions(result.GetValue(echo), result.GetValue(sink), result.GetValue(send), result.GetValue(expectEcho),
                TimeSpan.FromSeconds(result.GetValue(timeout)));
            return RunAsync(new Uri(result.GetValue(server)!), result.GetValue(name)!, result.GetValue(call), options, result.GetValue(json), token);
        });
        return command;
    }

    private static async Task<int> RunAsync(Uri server, string name, string? call, TransferOptions options, bool json, CancellationToken token)
    {
        if (options.Validate() is string error)
        {
            Console.Error.WriteLine(error);
            return 2;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var signaling = new PcSignalingClient(http, server);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        await using var factory = new PeerConnectionFactory();
        await using PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        var transfer = new DataChannelTransfer(pc, options, "pcserver");
        var session = new PcClientSession(pc, signaling, transfer, stop.Token);
        Task? waitLoop = null;
        try
        {
            await signaling.SignInAsync(name, token).WaitAsync(options.Timeout, token);
            Console.Error.WriteLine($"signed in as {name} (id {signaling.Id}); peers: {string.Join(", ", signaling.Peers.Select(p => $"{p.Value} ({p.Key})"))}");
            waitLoop = session.RunWaitLoopAsync();
            if (call is not null)
            {
                int peer = await session.WhenPeerSignedInAsync(call).WaitAsync(options.Timeout, token);
                Console.Error.WriteLine($"calling {call} ({peer})");
                await session.CallAsync(peer);
            }
            else
            {
                Console.Error.WriteLine("waiting for a call");
            }

            TransferResult result = await transfer.RunAsync(token);
            if (options.Send is not null && session.PeerId is int callee)
            {
                await pc.CloseAsync();   // the channel's close reaches the peer after the data, then the sample's hang-up
                try
                {
                    await signaling.SendAsync(callee, PcSignalingClient.Bye, token).WaitAsync(options.Timeout, token);
                }
                catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    // The peer saw its channel close and signed out before our BYE: it has hung up already.
                }
            }

            result.Write(Console.Out, json);
            return result.Ok ? 0 : 1;
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or JsonException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"pcclient failed: {e.Message} (ice {pc.IceConnectionState}, connection {pc.ConnectionState})");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        finally
        {
            await stop.CancelAsync();
            if (waitLoop is not null)
            {
                await waitLoop.ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await pc.CloseAsync();
            try
            {
                await signaling.SignOutAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException)
            {
                Console.Error.WriteLine($"sign_out failed: {e.Message}");
            }
        }
    }

    /// <summary>The candidate message of the sample: exactly sdpMid, sdpMLineIndex and candidate.</summary>
    internal static string CandidateJson(RtcIceCandidateInit candidate) => new JsonObject
    {
        ["sdpMid"] = candidate.SdpMid ?? "0",
        ["sdpMLineIndex"] = candidate.SdpMLineIndex ?? 0,
        ["candidate"] = candidate.Candidate,
    }.ToJsonString();
}

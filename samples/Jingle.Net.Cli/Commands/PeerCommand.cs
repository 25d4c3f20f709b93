using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle peer</c>: one PeerConnection signaled over HTTP with aiortc's example convention (POST a JSON
/// <c>{"type":"offer","sdp":...}</c>, get the JSON answer back). <c>--offer-to URL</c> offers; <c>--answer-on PORT</c>
/// answers on http://127.0.0.1:PORT/. Candidates travel inside the descriptions (gathering completes first), as aiortc
/// expects. <c>--echo</c> echoes what arrives, <c>--send FILE</c> sends a file in 64 KiB messages, <c>--json</c>
/// prints the results (open time, selected pair, bytes, MB/s) as one JSON object.
/// </summary>
internal sealed class PeerCommand : ICliCommand
{
    public Command Create()
    {
        var offerTo = new Option<string?>("--offer-to") { Description = "Offer to this URL (POST JSON offer, read JSON answer)" };
        var answerOn = new Option<int?>("--answer-on") { Description = "Answer offers POSTed to http://127.0.0.1:PORT/" };
        var echo = new Option<bool>("--echo") { Description = "Echo every message received" };
        var send = new Option<FileInfo?>("--send") { Description = "Send this file in 64 KiB messages, then exit" };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the channel and the transfer", DefaultValueFactory = _ => 60 };
        var command = new Command("peer", "A PeerConnection signaled over HTTP JSON (aiortc's convention)") { offerTo, answerOn, echo, send, json, timeout };
        command.SetAction((result, token) => RunAsync(result.GetValue(offerTo), result.GetValue(answerOn), result.GetValue(echo),
            result.GetValue(send), result.GetValue(json), TimeSpan.FromSeconds(result.GetValue(timeout)), token));
        return command;
    }

    private static async Task<int> RunAsync(string? offerTo, int? answerOn, bool echo, FileInfo? send, bool json, TimeSpan timeout,
        CancellationToken token)
    {
        if ((offerTo is null) == (answerOn is null))
        {
            Console.Error.WriteLine("give exactly one of --offer-to URL or --answer-on PORT");
            return 2;
        }

        await using var factory = new PeerConnectionFactory();
        await using PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        var clock = Stopwatch.StartNew();
        var channelReady = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        long received = 0;
        void Attach(RtcDataChannel channel)
        {
            channel.MessageReceived += (_, m) =>
            {
                Interlocked.Add(ref received, m.Data.Length);
                if (echo)
                {
                    if (m.IsText)
                    {
                        channel.Send(m.Text);
                    }
                    else
                    {
                        channel.Send(m.Data);
                    }
                }
            };
            channel.Opened += (_, _) => channelReady.TrySetResult(channel);
            if (channel.ReadyState == Sctp.DataChannels.DataChannelState.Open)
            {
                channelReady.TrySetResult(channel);
            }
        }

        pc.DataChannel += (_, channel) => Attach(channel);
        try
        {
            if (offerTo is not null)
            {
                Attach(pc.CreateDataChannel("data"));
                await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
                await WhenGatheredAsync(pc, timeout);
                using var http = new HttpClient { Timeout = timeout };
                using var content = new StringContent(pc.LocalDescription!.ToJson(), Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using HttpResponseMessage response = await http.PostAsync(new Uri(offerTo), content, token);
                response.EnsureSuccessStatusCode();
                await pc.SetRemoteDescriptionAsync(RtcSessionDescription.FromJson(await response.Content.ReadAsStringAsync(token)));
            }
            else
            {
                using var listener = new HttpListener();
                listener.Prefixes.Add($"http://127.0.0.1:{answerOn}/");
                listener.Start();
                Console.Error.WriteLine($"answering offers POSTed to http://127.0.0.1:{answerOn}/");
                HttpListenerContext context = await listener.GetContextAsync().WaitAsync(token);
                clock.Restart();
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                await pc.SetRemoteDescriptionAsync(RtcSessionDescription.FromJson(await reader.ReadToEndAsync(token)));
                await pc.SetLocalDescriptionAsync(await pc.CreateAnswerAsync());
                await WhenGatheredAsync(pc, timeout);
                byte[] body = Encoding.UTF8.GetBytes(pc.LocalDescription!.ToJson());
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body, token);
                context.Response.Close();
            }

            RtcDataChannel channel = await channelReady.Task.WaitAsync(timeout, token);
            double openMs = clock.Elapsed.TotalMilliseconds;
            RtcStatsReport stats = await pc.GetStatsAsync();
            string pair = SelectedPair(stats);
            long sent = 0;
            double seconds = 0;
            if (send is not null)
            {
                byte[] file = await File.ReadAllBytesAsync(send.FullName, token);
                var transfer = Stopwatch.StartNew();
                channel.BufferedAmountLowThreshold = 1024 * 1024;
                using var low = new SemaphoreSlim(0);
                channel.BufferedAmountLow += (_, _) => low.Release();
                for (int offset = 0; offset < file.Length; offset += 65536)
                {
                    while (channel.BufferedAmount > 4 * 1024 * 1024)
                    {
                        await low.WaitAsync(TimeSpan.FromMilliseconds(50), token);
                    }

                    channel.Send(file.AsSpan(offset, Math.Min(65536, file.Length - offset)));
                    sent += Math.Min(65536, file.Length - offset);
                }

                channel.BufferedAmountLowThreshold = 0;   // BufferedAmount is exact when it reaches the threshold
                while (channel.BufferedAmount > 0)
                {
                    await low.WaitAsync(TimeSpan.FromMilliseconds(20), token);
                }

                seconds = transfer.Elapsed.TotalSeconds;
            }
            else
            {
                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                channel.Closed += (_, _) => closed.TrySetResult();
                pc.ConnectionStateChanged += (_, s) =>
                {
                    if (s is PeerConnectionState.Failed or PeerConnectionState.Closed or PeerConnectionState.Disconnected)
                    {
                        closed.TrySetResult();
                    }
                };
                await closed.Task.WaitAsync(token);   // until the peer closes (or Ctrl+C)
            }

            double mbps = seconds > 0 ? sent / 1_000_000.0 / seconds : 0;
            if (json)
            {
                Console.WriteLine(new JsonObject
                {
                    ["openMs"] = Math.Round(openMs, 1),
                    ["selectedPair"] = pair,
                    ["bytesSent"] = sent,
                    ["bytesReceived"] = Interlocked.Read(ref received),
                    ["megabytesPerSecond"] = Math.Round(mbps, 2),
                }.ToJsonString());
            }
            else
            {
                Console.WriteLine($"open in {openMs:F1} ms, pair {pair}, sent {sent:N0} B ({mbps:F1} MB/s), received {Interlocked.Read(ref received):N0} B");
            }

            return 0;
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or HttpListenerException or System.Text.Json.JsonException or InvalidOperationException)
        {
            Console.Error.WriteLine($"peer failed: {e.Message} (ice {pc.IceConnectionState}, connection {pc.ConnectionState})");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }

    private static async Task WhenGatheredAsync(PeerConnection pc, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceGatheringStateChanged += (_, s) =>
        {
            if (s == IceGatheringState.Complete)
            {
                done.TrySetResult();
            }
        };
        if (pc.IceGatheringState == IceGatheringState.Complete)
        {
            done.TrySetResult();
        }

        await done.Task.WaitAsync(timeout);
    }

    private static string SelectedPair(RtcStatsReport report)
    {
        RtcStats? transport = report.OfType("transport").FirstOrDefault();
        if (transport?["selectedCandidatePairId"] is not string id || !report.TryGetValue(id, out RtcStats? pair))
        {
            return "(none)";
        }

        RtcStats local = report[(string)pair["localCandidateId"]!];
        RtcStats remote = report[(string)pair["remoteCandidateId"]!];
        return $"{local["candidateType"]} {local["address"]}:{local["port"]} <-> {remote["candidateType"]} {remote["address"]}:{remote["port"]}";
    }
}

using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Jingle.Net.Base.Networking;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle peer</c>: one PeerConnection with a data channel, signaled over HTTP.
/// <list type="bullet">
/// <item><c>--offer-to URL</c>: aiortc's example convention, POST a JSON <c>{"type":"offer","sdp":...}</c> and read the
/// JSON answer.</item>
/// <item><c>--whip URL [--bearer TOKEN]</c>: WHIP (RFC 9725), POST <c>application/sdp</c>, 201 Created with Location and
/// the answer, DELETE the Location at the end.</item>
/// <item><c>--answer-on PORT</c>: the reverse of <c>--offer-to</c>, answers one JSON offer POSTed to
/// http://127.0.0.1:PORT/.</item>
/// </list>
/// Candidates travel inside the descriptions (gathering completes first), as aiortc and WHIP without trickle expect.
/// <c>--echo</c> echoes what arrives, <c>--sink</c> discards it counting bytes (the default without <c>--send</c>),
/// <c>--send FILE</c> sends a file in 64 KiB messages (<c>--expect-echo</c>: and waits for it to come back), and
/// <c>--json</c> prints the <see cref="TransferResult"/> as one JSON object.
/// </summary>
internal sealed class PeerCommand : ICliCommand
{
    public Command Create()
    {
        var offerTo = new Option<string?>("--offer-to") { Description = "Offer to this URL (POST JSON offer, read JSON answer)" };
        var whip = new Option<string?>("--whip") { Description = "Offer to this WHIP endpoint (RFC 9725: POST application/sdp, DELETE the session at the end)" };
        var bearer = new Option<string?>("--bearer") { Description = "WHIP bearer token (Authorization: Bearer TOKEN)" };
        var answerOn = new Option<int?>("--answer-on") { Description = "Answer one JSON offer POSTed to http://127.0.0.1:PORT/" };
        var echo = new Option<bool>("--echo") { Description = "Echo every message received" };
        var sink = new Option<bool>("--sink") { Description = "Receive and discard, counting bytes (the default without --send)" };
        var send = new Option<FileInfo?>("--send") { Description = "Send this file in 64 KiB messages, then exit" };
        var expectEcho = new Option<bool>("--expect-echo") { Description = "With --send: wait until the file came back (the peer echoes)" };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the channel, a send and its echo", DefaultValueFactory = _ => 60 };
        var command = new Command("peer", "A PeerConnection signaled over HTTP: JSON (aiortc's convention) or WHIP")
        {
            offerTo, whip, bearer, answerOn, echo, sink, send, expectEcho, json, timeout,
        };
        command.SetAction((result, token) =>
        {
            var options = new TransferOptions(result.GetValue(echo), result.GetValue(sink), result.GetValue(send), result.GetValue(expectEcho),
                TimeSpan.FromSeconds(result.GetValue(timeout)));
            return RunAsync(result.GetValue(offerTo), result.GetValue(whip), result.GetValue(bearer), result.GetValue(answerOn), options,
                result.GetValue(json), token);
        });
        return command;
    }

    private static async Task<int> RunAsync(string? offerTo, string? whip, string? bearer, int? answerOn, TransferOptions options, bool json,
        CancellationToken token)
    {
        if ((offerTo is null ? 0 : 1) + (whip is null ? 0 : 1) + (answerOn is null ? 0 : 1) != 1)
        {
            Console.Error.WriteLine("give exactly one of --offer-to URL, --whip URL or --answer-on PORT");
            return 2;
        }

        if (options.Validate() is string error)
        {
            Console.Error.WriteLine(error);
            return 2;
        }

        await using var factory = new PeerConnectionFactory();
        await using PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration { NetworkFilter = NetworkFilter.WithLoopback });
        var transfer = new DataChannelTransfer(pc, options, whip is not null ? "whip" : offerTo is not null ? "json-offer" : "json-answer");
        using var http = new HttpClient { Timeout = options.Timeout };
        WhipClient? whipClient = whip is null ? null : new WhipClient(http, new Uri(whip), bearer);
        try
        {
            if (answerOn is null)
            {
                transfer.Attach(pc.CreateDataChannel("data"));
                await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
                await WhenGatheredAsync(pc, options.Timeout);
                RtcSessionDescription answer = whipClient is not null
                    ? new RtcSessionDescription(SdpType.Answer, await whipClient.PublishAsync(pc.LocalDescription!.Sdp, token))
                    : await PostJsonOfferAsync(http, new Uri(offerTo!), pc.LocalDescription!, token);
                if (whipClient is not null)
                {
                    Console.Error.WriteLine($"WHIP session {whipClient.Session?.ToString() ?? "(no Location)"}");
                }

                await pc.SetRemoteDescriptionAsync(answer);
            }
            else
            {
                await AnswerOneOfferAsync(pc, transfer, answerOn.Value, options.Timeout, token);
            }

            TransferResult result = await transfer.RunAsync(token);
            result.Write(Console.Out, json);
            return result.Ok ? 0 : 1;
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or HttpListenerException or System.Text.Json.JsonException
                                      or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"peer failed: {e.Message} (ice {pc.IceConnectionState}, connection {pc.ConnectionState})");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        finally
        {
            if (whipClient?.Session is not null)
            {
                try
                {
                    HttpStatusCode? status = await whipClient.DeleteAsync(CancellationToken.None);
                    Console.Error.WriteLine($"WHIP session deleted ({(int?)status})");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Console.Error.WriteLine($"WHIP DELETE failed: {e.Message}");
                }
            }
        }
    }

    private static async Task<RtcSessionDescription> PostJsonOfferAsync(HttpClient http, Uri url, RtcSessionDescription offer, CancellationToken token)
    {
        using var content = new StringContent(offer.ToJson(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await http.PostAsync(url, content, token);
        response.EnsureSuccessStatusCode();
        return RtcSessionDescription.FromJson(await response.Content.ReadAsStringAsync(token));
    }

    private static async Task AnswerOneOfferAsync(PeerConnection pc, DataChannelTransfer transfer, int port, TimeSpan timeout, CancellationToken token)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        Console.Error.WriteLine($"answering offers POSTed to http://127.0.0.1:{port}/");
        while (true)
        {
            HttpListenerContext context = await listener.GetContextAsync().WaitAsync(token);
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync(token);
            if (context.Request.HttpMethod != "POST" || !RtcSessionDescription.TryFromJson(body, out RtcSessionDescription? offer)
                || offer!.Type != SdpType.Offer)
            {
                context.Response.StatusCode = 400;   // not a JSON offer: refuse it and keep listening
                context.Response.Close();
                continue;
            }

            transfer.RestartClock();
            await pc.SetRemoteDescriptionAsync(offer);
            await pc.SetLocalDescriptionAsync(await pc.CreateAnswerAsync());
            await WhenGatheredAsync(pc, timeout);
            byte[] answer = Encoding.UTF8.GetBytes(pc.LocalDescription!.ToJson());
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer, token);
            context.Response.Close();
            return;
        }
    }

    internal static async Task WhenGatheredAsync(PeerConnection pc, TimeSpan timeout)
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
}

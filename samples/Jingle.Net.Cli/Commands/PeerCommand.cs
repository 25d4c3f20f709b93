using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Jingle.Net.Base.Networking;
using Jingle.Net.Configuration;
using Jingle.Net.Ice;
using Jingle.Net.Jsep;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// <c>jingle peer</c>: one PeerConnection with a data channel, signaled over HTTP.
/// <list type="bullet">
/// <item><c>--offer-to URL</c>: aiortc's example convention, POST a JSON <c>{"type":"offer","sdp":...}</c> and read the
/// JSON answer.</item>
/// <item><c>--whip URL [--bearer TOKEN] [--whip-trickle] [--whip-ice-restart]</c>: WHIP (RFC 9725) through
/// <see cref="WhipSession"/>: POST <c>application/sdp</c>, 201 Created with Location and the answer, trickle and ICE
/// restart by PATCH, DELETE the Location at the end. Without <c>--ice-server</c> the endpoint's ICE servers (Link
/// <c>rel="ice-server"</c> on an OPTIONS before the offer) configure the PeerConnection, and those of the 201 are
/// applied with <see cref="PeerConnection.SetConfiguration"/> for the next ICE restart.</item>
/// <item><c>--answer-on PORT</c>: the reverse, answers one JSON or <c>application/sdp</c> offer POSTed to
/// http://127.0.0.1:PORT/ (<see cref="PeerAnswerListener"/>).</item>
/// </list>
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
        var whipTrickle = new Option<bool>("--whip-trickle")
        {
            Description = "WHIP: POST the offer at once and PATCH later candidates (default: POST once gathering is complete)",
        };
        var whipRestart = new Option<bool>("--whip-ice-restart") { Description = "WHIP: once connected, restart ICE through the session (PATCH If-Match: *)" };
        var iceServers = new Option<string[]>("--ice-server")
        {
            Description = "STUN/TURN URL (repeatable); replaces the ICE servers a WHIP endpoint offers",
            AllowMultipleArgumentsPerToken = false,
        };
        var iceUsername = new Option<string?>("--ice-username") { Description = "Username for the --ice-server TURN URLs" };
        var iceCredential = new Option<string?>("--ice-credential") { Description = "Credential (password) for the --ice-server TURN URLs" };
        var answerOn = new Option<int?>("--answer-on") { Description = "Answer one JSON or application/sdp offer POSTed to http://127.0.0.1:PORT/" };
        var echo = new Option<bool>("--echo") { Description = "Echo every message received" };
        var sink = new Option<bool>("--sink") { Description = "Receive and discard, counting bytes (the default without --send)" };
        var send = new Option<FileInfo?>("--send") { Description = "Send this file in 64 KiB messages, then exit" };
        var expectEcho = new Option<bool>("--expect-echo") { Description = "With --send: wait until the file came back (the peer echoes)" };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the channel, a send and its echo", DefaultValueFactory = _ => 60 };
        var command = new Command("peer", "A PeerConnection signaled over HTTP: JSON (aiortc's convention) or WHIP")
        {
            offerTo, whip, bearer, whipTrickle, whipRestart, iceServers, iceUsername, iceCredential, answerOn, echo, sink, send, expectEcho, json,
            timeout,
        };
        command.SetAction((result, token) =>
        {
            var options = new TransferOptions(result.GetValue(echo), result.GetValue(sink), result.GetValue(send), result.GetValue(expectEcho),
                TimeSpan.FromSeconds(result.GetValue(timeout)));
            string[] urls = result.GetValue(iceServers) ?? [];
            IceServer[] servers = urls.Length == 0 ? [] :
                [new IceServer(urls) { Username = result.GetValue(iceUsername), Credential = result.GetValue(iceCredential) }];
            var signaling = new PeerSignaling(result.GetValue(offerTo), result.GetValue(whip), result.GetValue(bearer), result.GetValue(whipTrickle),
                result.GetValue(whipRestart), result.GetValue(answerOn));
            return RunAsync(signaling, servers, options, result.GetValue(json), token);
        });
        return command;
    }

    private static async Task<int> RunAsync(PeerSignaling signaling, IceServer[] iceServers, TransferOptions options, bool json, CancellationToken token)
    {
        if ((signaling.Validate() ?? options.Validate() ?? ValidateIceServers(iceServers)) is string error)
        {
            Console.Error.WriteLine(error);
            return 2;
        }

        using var http = new HttpClient { Timeout = options.Timeout };
        WhipClient? whipClient = signaling.Whip is null ? null : new WhipClient(http, new Uri(signaling.Whip), signaling.Bearer);
        IReadOnlyList<IceServer> servers = iceServers;
        if (whipClient is not null && servers.Count == 0)
        {
            servers = await whipClient.DiscoverIceServersAsync(token);
            if (servers.Count > 0)
            {
                Console.Error.WriteLine($"ICE servers from the WHIP endpoint: {string.Join(", ", servers)}");
            }
        }

        await using var factory = new PeerConnectionFactory();
        await using PeerConnection pc = factory.CreatePeerConnection(new RtcConfiguration
        {
            NetworkFilter = NetworkFilter.WithLoopback,
            IceServers = servers,
        });
        var transfer = new DataChannelTransfer(pc, options, signaling.Whip is not null ? "whip" : signaling.OfferTo is not null ? "json-offer" : "json-answer");
        WhipSession? whipSession = whipClient is null ? null : new WhipSession(pc, whipClient, signaling.WhipTrickle, options.Timeout, Console.Error);
        PeerAnswerListener? listener = signaling.AnswerOn is int port ? new PeerAnswerListener(factory, pc, transfer, port, options.Timeout) : null;
        try
        {
            if (listener is not null)
            {
                await listener.AnswerOneOfferAsync(token);
            }
            else if (whipSession is not null)
            {
                transfer.Attach(pc.CreateDataChannel("data"));
                await whipSession.ConnectAsync(token);
                Console.Error.WriteLine($"WHIP session {whipClient!.Session?.ToString() ?? "(no Location)"}{(whipClient.ETag is { } etag ? $" ETag {etag}" : string.Empty)}");
                if (iceServers.Length == 0)
                {
                    ApplyAnswerIceServers(pc, whipClient.AnswerIceServers, signaling.WhipIceRestart);
                }

                if (signaling.WhipIceRestart)
                {
                    await RestartWhenConnectedAsync(pc, whipSession, options.Timeout, token);
                }
            }
            else
            {
                transfer.Attach(pc.CreateDataChannel("data"));
                await pc.SetLocalDescriptionAsync(await pc.CreateOfferAsync());
                await WhenGatheredAsync(pc, options.Timeout);
                await pc.SetRemoteDescriptionAsync(await PostJsonOfferAsync(http, new Uri(signaling.OfferTo!), pc.LocalDescription!, token));
            }

            TransferResult result = await transfer.RunAsync(token);
            if (whipSession is not null)
            {
                Console.Error.WriteLine($"WHIP trickle: {whipSession.TricklePatches} PATCHes, {whipSession.CandidatesTrickled} candidates"
                                        + (whipSession.TrickleStopReason is { } reason ? $", stopped ({reason})" : string.Empty)
                                        + $"; ICE restarts {whipSession.Restarts}");
            }

            result.Write(Console.Out, json);
            return result.Ok ? 0 : 1;
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or HttpListenerException or System.Text.Json.JsonException
                                      or InvalidOperationException or FormatException or ArgumentException)
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
            if (whipSession is not null)
            {
                await whipSession.DisposeAsync();
            }

            if (listener is not null)
            {
                await listener.DisposeAsync();
            }

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

    /// <summary>
    /// RFC 9725 §4.6: the ICE servers of the 201's Link fields (when they differ from those in use, and no
    /// <c>--ice-server</c> was given) replace the configuration's with setConfiguration. They serve the next gathering,
    /// i.e. the next ICE restart (<c>--whip-ice-restart</c>); the connection being set up keeps its candidates.
    /// </summary>
    internal static bool ApplyAnswerIceServers(PeerConnection pc, IReadOnlyList<IceServer> answerServers, bool restartFollows)
    {
        RtcConfiguration current = pc.GetConfiguration();
        if (answerServers.Count == 0 || current.IceServers.SequenceEqual(answerServers))
        {
            return false;
        }

        try
        {
            pc.SetConfiguration(current with { IceServers = answerServers });
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"ICE servers of the WHIP 201 not applied: {e.Message}");
            return false;
        }

        Console.Error.WriteLine($"ICE servers of the WHIP 201 applied with SetConfiguration ({string.Join(", ", answerServers)}): used from the next ICE restart"
                                + (restartFollows ? " (--whip-ice-restart)" : "; --whip-ice-restart gathers with them"));
        return true;
    }

    private static string? ValidateIceServers(IceServer[] servers)
    {
        try
        {
            foreach (IceServer server in servers)
            {
                server.Validate();
            }

            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return "--ice-server: " + e.Message;
        }
    }

    /// <summary>
    /// <c>--whip-ice-restart</c>: waits for the connection, restarts ICE through the WHIP session and waits until the
    /// new generation carries the traffic (the selected pair changes), printing both pairs.
    /// </summary>
    private static async Task RestartWhenConnectedAsync(PeerConnection pc, WhipSession session, TimeSpan timeout, CancellationToken token)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.ConnectionStateChanged += (_, s) =>
        {
            if (s == PeerConnectionState.Connected)
            {
                connected.TrySetResult();
            }
        };
        if (pc.ConnectionState == PeerConnectionState.Connected)
        {
            connected.TrySetResult();
        }

        await connected.Task.WaitAsync(timeout, token);
        string before = DataChannelTransfer.SelectedPair(await pc.GetStatsAsync());
        if (!await session.RestartIceAsync(token))
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(timeout);
        string after = before;
        while (after == before && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            after = DataChannelTransfer.SelectedPair(await pc.GetStatsAsync());
        }

        Console.Error.WriteLine(after == before
            ? $"WHIP ICE restart: the selected pair stayed {before}"
            : $"WHIP ICE restart: selected pair {before} -> {after}");
    }

    private static async Task<RtcSessionDescription> PostJsonOfferAsync(HttpClient http, Uri url, RtcSessionDescription offer, CancellationToken token)
    {
        using var content = new StringContent(offer.ToJson(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await http.PostAsync(url, content, token);
        response.EnsureSuccessStatusCode();
        return RtcSessionDescription.FromJson(await response.Content.ReadAsStringAsync(token));
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

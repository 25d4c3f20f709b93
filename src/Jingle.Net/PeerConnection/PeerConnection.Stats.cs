using Jingle.Net.Ice;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Dtls;

namespace Jingle.Net;

/// <summary>GetStatsAsync: a snapshot of the transport, the pairs, the candidates, the channels and the certificates.</summary>
public sealed partial class PeerConnection
{
    /// <summary>W3C getStats(): collected on the worker thread, completed on the signaling thread.</summary>
    public Task<RtcStatsReport> GetStatsAsync() => _signaling.InvokeAsync(async () =>
    {
        (long Held, long Dropped, long Applied) early = (_earlyCandidates.Count, EarlyCandidatesDropped, EarlyCandidatesApplied);
        List<RtcStats> stats = await _worker.InvokeAsync(() => CollectStats(early)).ConfigureAwait(true);
        stats.Add(new RtcStats("P", "peer-connection", NowMs(), new Dictionary<string, object?>
        {
            ["dataChannelsOpened"] = _channels.Count(c => c.ReadyState == Sctp.DataChannels.DataChannelState.Open),
            ["dataChannelsClosed"] = _channels.Count(c => c.ReadyState == Sctp.DataChannels.DataChannelState.Closed),
        }));
        return new RtcStatsReport(stats);
    });

    private double NowMs() => _env.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The worker-side stats; <paramref name="early"/> are the signaling thread's early-candidate counters.</summary>
    private List<RtcStats> CollectStats((long Held, long Dropped, long Applied) early)
    {
        double now = NowMs();
        var stats = new List<RtcStats>();
        P2PTransportChannel? ice = Transport.Ice;
        DtlsTransport? dtls = Transport.Dtls;
        string localCertId = "CF" + _certificate.GetFingerprint().FormatValue();
        stats.Add(CertificateStats(localCertId, _certificate.GetFingerprint(), Convert.ToBase64String(_certificate.RawData), now));
        string? remoteCertId = null;
        if (dtls is { RemoteFingerprint: { } remoteFp })
        {
            remoteCertId = "CF" + remoteFp.FormatValue();
            stats.Add(CertificateStats(remoteCertId, remoteFp, dtls.RemoteCertificate.IsEmpty ? null : Convert.ToBase64String(dtls.RemoteCertificate.Span), now));
        }

        Sctp.SctpAssociationMetrics? sctp = Transport.Sctp?.Association.Metrics;
        if (ice is not null)
        {
            IceTransportStats iceStats = ice.GetStats();
            var candidates = new Dictionary<string, RtcStats>(StringComparer.Ordinal);
            var pairIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (CandidatePairStats pair in iceStats.Pairs)
            {
                string localId = CandidateId("I", pair.LocalCandidate);
                string remoteId = CandidateId("R", pair.RemoteCandidate);
                if (!pairIds.Add("CP" + localId + "_" + remoteId))
                {
                    continue;   // during an ICE restart two generations can pair identical candidates (e.g. tcp active, port 9): ids stay unique
                }

                candidates.TryAdd(localId, Candidate(localId, "local-candidate", pair.LocalCandidate, now));
                candidates.TryAdd(remoteId, Candidate(remoteId, "remote-candidate", pair.RemoteCandidate, now));
                stats.Add(new RtcStats("CP" + localId + "_" + remoteId, "candidate-pair", now, new Dictionary<string, object?>
                {
                    ["transportId"] = "T0",
                    ["localCandidateId"] = localId,
                    ["remoteCandidateId"] = remoteId,
                    ["state"] = PairState(pair.State),
                    ["nominated"] = pair.Nominated,
                    ["priority"] = pair.Priority,
                    ["packetsSent"] = pair.PacketsSent,
                    ["packetsReceived"] = pair.PacketsReceived,
                    ["bytesSent"] = pair.BytesSent,
                    ["bytesReceived"] = pair.BytesReceived,
                    ["currentRoundTripTime"] = pair.CurrentRoundTripTimeMs / 1000.0,
                    ["totalRoundTripTime"] = pair.TotalRoundTripTimeMs / 1000.0,
                    ["responsesReceived"] = pair.ResponsesReceived,
                    ["requestsSent"] = pair.RequestsSent,
                    ["requestsReceived"] = pair.RequestsReceived,
                    ["responsesSent"] = pair.ResponsesSent,
                    ["consentRequestsSent"] = pair.ConsentRequestsSent,
                }));
            }

            foreach (IceCandidate local in ice.LocalCandidates)
            {
                string id = CandidateId("I", local);
                candidates.TryAdd(id, Candidate(id, "local-candidate", local, now));
            }

            stats.AddRange(candidates.Values);
            CandidatePairStats? selected = iceStats.SelectedPair;
            stats.Add(new RtcStats("T0", "transport", now, new Dictionary<string, object?>
            {
                ["bytesSent"] = selected?.BytesSent ?? 0,
                ["bytesReceived"] = selected?.BytesReceived ?? 0,
                ["packetsSent"] = selected?.PacketsSent ?? 0,
                ["packetsReceived"] = selected?.PacketsReceived ?? 0,
                ["iceRole"] = iceStats.Role == IceRole.Controlling ? "controlling" : "controlled",
                ["iceLocalUsernameFragment"] = _localIce.Ufrag,
                ["iceState"] = iceStats.State.ToWireString(),
                ["dtlsState"] = (dtls?.State ?? DtlsTransportState.New).ToString().ToLowerInvariant(),
                ["dtlsRole"] = dtls?.Role switch { DtlsRole.Client => "client", DtlsRole.Server => "server", _ => "unknown" },
                ["dtlsCipher"] = dtls is { CipherSuite: not 0 } ? "0x" + dtls.CipherSuite.ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : null,
                ["selectedCandidatePairId"] = selected is null ? null : "CP" + CandidateId("I", selected.LocalCandidate) + "_" + CandidateId("R", selected.RemoteCandidate),
                ["localCertificateId"] = localCertId,
                ["remoteCertificateId"] = remoteCertId,
                ["srtpCipher"] = Transport.Media.Profile == SrtpProtectionProfile.None ? null : Transport.Media.Profile.ToWireString(),

                // Not in webrtc-stats: the layers below the data channels, for diagnosing throughput.
                ["jingleDtlsPacketsDropped"] = dtls?.DroppedPacketCount ?? 0,
                ["jingleSctpRetransmittedChunks"] = sctp?.RetransmittedChunks ?? 0,
                ["jingleSctpFastRetransmits"] = sctp?.FastRetransmits ?? 0,
                ["jingleSctpT3Expirations"] = sctp?.T3Expirations ?? 0,
                ["jingleSctpCwnd"] = sctp?.Cwnd ?? 0,
                ["jingleSctpSmoothedRtt"] = sctp?.SmoothedRtt.TotalSeconds ?? 0,
                ["jingleSctpReceiveWindow"] = sctp?.ReceiveWindow ?? 0,
                ["jingleSrtpAuthenticationFailures"] = Transport.Media.InboundStatistics?.AuthenticationFailures ?? 0,
                ["jingleSrtpReplaysDropped"] = Transport.Media.InboundStatistics?.ReplaysDropped ?? 0,
                ["jingleRtpUnroutable"] = Transport.Media.Unroutable,
                ["jingleRtcpSent"] = Transport.Media.RtcpSent,
                ["jingleRtcpReceived"] = Transport.Media.RtcpReceived,
                ["jingleRtcpMalformed"] = Transport.Media.RtcpMalformed,

                // Trickled candidates of a remote ICE generation not received yet (RFC 8838 §11.4): held now,
                // dropped (buffer full or unclaimed by the description that came) and applied so far.
                ["jingleEarlyCandidatesHeld"] = early.Held,
                ["jingleEarlyCandidatesDropped"] = early.Dropped,
                ["jingleEarlyCandidatesApplied"] = early.Applied,
            }));
        }

        foreach (RtcDataChannel channel in Transport.Channels)
        {
            stats.Add(new RtcStats("D" + channel.Id, "data-channel", now, new Dictionary<string, object?>
            {
                ["label"] = channel.Label,
                ["protocol"] = channel.Protocol,
                ["dataChannelIdentifier"] = channel.Id,
                ["state"] = channel.ReadyState.ToString().ToLowerInvariant(),
                ["messagesSent"] = channel.MessagesSent,
                ["bytesSent"] = channel.BytesSent,
                ["messagesReceived"] = channel.MessagesReceived,
                ["bytesReceived"] = channel.BytesReceived,
            }));
        }

        CollectMediaStats(stats, now);
        return stats;
    }

    // The ufrag keeps two ICE generations' candidates (and so their pairs) apart when the addresses are the same.
    private static string CandidateId(string prefix, IceCandidate c) =>
        prefix + c.Foundation + "_" + c.Host + "_" + c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + c.Ufrag;

    private static RtcStats Candidate(string id, string type, IceCandidate c, double now) => new(id, type, now, new Dictionary<string, object?>
    {
        ["transportId"] = "T0",
        ["address"] = c.Host,
        ["port"] = c.Port,
        ["protocol"] = c.Protocol.ToWireString(),
        ["candidateType"] = c.Type.ToWireString(),
        ["priority"] = c.Priority,
        ["foundation"] = c.Foundation,
        ["relatedAddress"] = c.RelatedAddress,
        ["relatedPort"] = c.RelatedPort,
        ["usernameFragment"] = c.Ufrag,
    });

    private static RtcStats CertificateStats(string id, RtcCertificateFingerprint fp, string? base64, double now) => new(id, "certificate", now, new Dictionary<string, object?>
    {
        ["fingerprint"] = fp.FormatValue(),
        ["fingerprintAlgorithm"] = fp.Algorithm,
        ["base64Certificate"] = base64,
    });

    private static string PairState(IceCheckState state) => state switch
    {
        IceCheckState.Frozen => "frozen",
        IceCheckState.Waiting => "waiting",
        IceCheckState.InProgress => "in-progress",
        IceCheckState.Succeeded => "succeeded",
        _ => "failed",
    };
}

using Jingle.Net.Sdp;

namespace Jingle.Net.Jsep;

internal static partial class SdpOfferAnswer
{
    /// <summary>
    /// Adds a trickled remote candidate to the remote description (W3C addIceCandidate §4.4.1.6 rules, RFC 8840 §4.4):
    /// the m-section is found by sdpMid, else by sdpMLineIndex; a usernameFragment must match that m-section's ufrag;
    /// an empty candidate marks end-of-candidates (on that m-section, or on all when none is named). Returns the
    /// m-section the candidate went to, or null for an end-of-candidates that applied to all.
    /// </summary>
    /// <exception cref="ArgumentException">Neither sdpMid nor sdpMLineIndex is given for a candidate (W3C TypeError).</exception>
    /// <exception cref="RtcOperationException">Unknown mid, index out of range, ufrag of another generation, or a malformed candidate.</exception>
    public static MediaDescription? AddRemoteCandidate(SessionDescription remote, RtcIceCandidateInit init)
    {
        if (init.IsEndOfCandidates && init.SdpMid is null && init.SdpMLineIndex is null)
        {
            foreach (MediaDescription m in remote.Media)
            {
                if (!m.IsRejected && MatchesUfrag(remote, m, init.UsernameFragment))
                {
                    m.EndOfCandidates = true;
                }
            }

            return null;
        }

        MediaDescription media = FindMedia(remote, init);
        if (!MatchesUfrag(remote, media, init.UsernameFragment))
        {
            throw new RtcOperationException("The candidate's usernameFragment does not match the m-section's ice-ufrag.");
        }

        if (init.IsEndOfCandidates)
        {
            media.EndOfCandidates = true;
            return media;
        }

        if (!CandidateAttribute.TryParse(init.Candidate, out CandidateAttribute? candidate))
        {
            throw new RtcOperationException("Malformed candidate.");
        }

        foreach (CandidateAttribute existing in media.Candidates)
        {
            if (string.Equals(existing.Value, candidate!.Value, StringComparison.Ordinal))
            {
                return media; // a duplicate is accepted and ignored
            }
        }

        // Candidates go before a=end-of-candidates, where RFC 8840 §8.2 expects them.
        SdpAttribute? end = media.Attributes.Get(SdpAttributeNames.EndOfCandidates);
        int index = end is null ? -1 : media.Attributes.IndexOf(end);
        if (index >= 0)
        {
            media.Attributes.Insert(index, candidate!);
        }
        else
        {
            media.Attributes.Add(candidate!);
        }

        return media;
    }

    private static MediaDescription FindMedia(SessionDescription remote, RtcIceCandidateInit init)
    {
        if (init.SdpMid is string mid)
        {
            return remote.GetMedia(mid) ?? throw new RtcOperationException("No m-section with mid \"" + mid + "\".");
        }

        if (init.SdpMLineIndex is int index)
        {
            return index >= 0 && index < remote.Media.Count
                ? remote.Media[index]
                : throw new RtcOperationException("sdpMLineIndex " + index + " is out of range.");
        }

        throw new ArgumentException("A candidate needs sdpMid or sdpMLineIndex.", nameof(init));
    }

    private static bool MatchesUfrag(SessionDescription remote, MediaDescription media, string? ufrag) =>
        ufrag is null || string.Equals(GetIceCredentials(remote, media).Ufrag, ufrag, StringComparison.Ordinal);
}

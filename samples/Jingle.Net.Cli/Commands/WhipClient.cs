using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Jingle.Net.Configuration;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// The HTTP side of a WHIP client (RFC 9725). <see cref="PublishAsync"/> POSTs the offer as <c>application/sdp</c> and
/// reads the answer from a <c>201 Created</c> whose <c>Location</c> names the session (the "WHIP session URL",
/// resolved against the endpoint when relative), its <c>ETag</c> (the ICE session's entity-tag) and its
/// <c>Link rel="ice-server"</c> fields. <see cref="TrickleAsync"/> PATCHes an <c>application/trickle-ice-sdpfrag</c>
/// with <c>If-Match</c> set to the latest entity-tag (§4.3.1; 204 expected); <see cref="RestartIceAsync"/> PATCHes a
/// new generation with <c>If-Match: *</c> and reads the server's fragment and new entity-tag from the 200 (§4.3.2);
/// <see cref="DeleteAsync"/> ends the session. <see cref="DiscoverIceServersAsync"/> asks the endpoint with OPTIONS
/// for its ICE servers before the PeerConnection exists. <c>--bearer</c> adds <c>Authorization: Bearer TOKEN</c> to
/// every request.
/// </summary>
internal sealed class WhipClient(HttpClient http, Uri endpoint, string? bearer)
{
    /// <summary>The WHIP session URL from Location, once <see cref="PublishAsync"/> succeeded.</summary>
    public Uri? Session { get; private set; }

    /// <summary>The latest entity-tag of the ICE session (from the 201, then from each restart's 200), as sent.</summary>
    public string? ETag { get; private set; }

    /// <summary>The ICE servers of the 201's Link fields.</summary>
    public IReadOnlyList<IceServer> AnswerIceServers { get; private set; } = [];

    /// <summary>
    /// OPTIONS to the endpoint; the ICE servers of its Link fields. Empty when the endpoint has none or does not
    /// answer OPTIONS (any failure: the POST decides).
    /// </summary>
    public async Task<IReadOnlyList<IceServer>> DiscoverIceServersAsync(CancellationToken token)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, endpoint);
            Authorize(request);
            using HttpResponseMessage response = await http.SendAsync(request, token);
            return response.IsSuccessStatusCode ? IceServersOf(response) : [];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
        {
            return [];
        }
    }

    /// <summary>POSTs the offer SDP and returns the answer SDP.</summary>
    /// <exception cref="HttpRequestException">Not 201 Created, or no answer body.</exception>
    public async Task<string> PublishAsync(string offerSdp, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        Authorize(request);
        request.Content = new StringContent(offerSdp, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using HttpResponseMessage response = await http.SendAsync(request, token);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"WHIP endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}, expected 201 Created",
                null, response.StatusCode);
        }

        Uri? location = response.Headers.Location;
        Session = location is null ? null : location.IsAbsoluteUri ? location : new Uri(endpoint, location);
        ETag = response.Headers.ETag?.ToString();
        AnswerIceServers = IceServersOf(response);
        string answer = await response.Content.ReadAsStringAsync(token);
        if (!answer.StartsWith("v=0", StringComparison.Ordinal))
        {
            throw new HttpRequestException("WHIP endpoint's 201 carries no SDP answer");
        }

        return answer;
    }

    /// <summary>
    /// PATCHes trickled candidates (RFC 9725 §4.3.1) with If-Match of the latest entity-tag (none when the server gave
    /// none). 2xx: accepted; 405, 422 and 501: the session does not take trickle; anything else: failed.
    /// </summary>
    public async Task<(WhipPatchOutcome Outcome, HttpStatusCode Status)> TrickleAsync(IceSdpFragment fragment, CancellationToken token)
    {
        using HttpRequestMessage request = Patch(fragment, ETag is null ? null : EntityTagHeaderValue.Parse(ETag));
        using HttpResponseMessage response = await http.SendAsync(request, token);
        return (OutcomeOf(response.StatusCode), response.StatusCode);
    }

    /// <summary>
    /// PATCHes a new ICE generation with <c>If-Match: *</c> (RFC 9725 §4.3.2). On 200 the server's fragment (its new
    /// credentials and candidates) is returned and its ETag becomes <see cref="ETag"/>.
    /// </summary>
    /// <exception cref="FormatException">A 200 without a valid fragment body.</exception>
    public async Task<(WhipPatchOutcome Outcome, HttpStatusCode Status, IceSdpFragment? Answer)> RestartIceAsync(IceSdpFragment fragment,
        CancellationToken token)
    {
        using HttpRequestMessage request = Patch(fragment, EntityTagHeaderValue.Any);
        using HttpResponseMessage response = await http.SendAsync(request, token);
        WhipPatchOutcome outcome = OutcomeOf(response.StatusCode);
        if (outcome != WhipPatchOutcome.Accepted)
        {
            return (outcome, response.StatusCode, null);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new FormatException($"WHIP session answered an ICE restart with {(int)response.StatusCode}, expected 200 OK and its fragment");
        }

        IceSdpFragment answer = IceSdpFragment.Parse(await response.Content.ReadAsStringAsync(token));
        ETag = response.Headers.ETag?.ToString() ?? ETag;
        return (outcome, response.StatusCode, answer);
    }

    /// <summary>DELETEs the WHIP session URL (no-op without one); returns the status code, or null without a session.</summary>
    public async Task<HttpStatusCode?> DeleteAsync(CancellationToken token)
    {
        if (Session is null)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Delete, Session);
        Authorize(request);
        using HttpResponseMessage response = await http.SendAsync(request, token);
        Session = null;
        return response.StatusCode;
    }

    private HttpRequestMessage Patch(IceSdpFragment fragment, EntityTagHeaderValue? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, Session ?? throw new InvalidOperationException("no WHIP session URL (no Location in the 201)"));
        Authorize(request);
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }

        request.Content = new StringContent(fragment.ToText(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(IceSdpFragment.MediaType);
        return request;
    }

    private static WhipPatchOutcome OutcomeOf(HttpStatusCode status) => status switch
    {
        >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices => WhipPatchOutcome.Accepted,
        HttpStatusCode.MethodNotAllowed or HttpStatusCode.UnprocessableContent or HttpStatusCode.NotImplemented => WhipPatchOutcome.NotSupported,
        _ => WhipPatchOutcome.Failed,
    };

    private static IReadOnlyList<IceServer> IceServersOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out IEnumerable<string>? links) ? WhipIceServerLinks.Parse(links, out _) : [];

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(bearer))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// The client side of WHIP (RFC 9725): POST the offer as <c>application/sdp</c> to the WHIP endpoint, read the answer
/// from a <c>201 Created</c> whose <c>Location</c> names the session (the "WHIP session URL", resolved against the
/// endpoint when relative), and DELETE that URL to end the session. <c>--bearer</c> adds
/// <c>Authorization: Bearer TOKEN</c> to both requests. Candidates travel in the offer and the answer (gathering
/// completes before the POST), so the optional trickle (PATCH <c>application/trickle-ice-sdpfrag</c>) and ICE
/// restart are not used.
/// </summary>
internal sealed class WhipClient(HttpClient http, Uri endpoint, string? bearer)
{
    /// <summary>The WHIP session URL from Location, once <see cref="PublishAsync"/> succeeded.</summary>
    public Uri? Session { get; private set; }

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
        string answer = await response.Content.ReadAsStringAsync(token);
        if (!answer.StartsWith("v=0", StringComparison.Ordinal))
        {
            throw new HttpRequestException("WHIP endpoint's 201 carries no SDP answer");
        }

        return answer;
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

    private void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(bearer))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
    }
}

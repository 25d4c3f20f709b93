namespace Jingle.Net.Configuration;

/// <summary>
/// An ICE server entry of the configuration (W3C RTCIceServer): one or more URIs sharing credentials. TURN URIs
/// need <see cref="Username"/> and <see cref="Credential"/>; <see cref="Validate"/> says so clearly.
/// </summary>
public sealed record IceServer
{
    public IceServer(params string[] urls) => Urls = urls;

    public IReadOnlyList<string> Urls { get; init; }

    public string? Username { get; init; }

    /// <summary>The long-term credential password. Never logged.</summary>
    public string? Credential { get; init; }

    /// <summary>Parses every URI and checks TURN credentials (W3C "validate an ICE server").</summary>
    /// <exception cref="FormatException">A URI is malformed.</exception>
    /// <exception cref="ArgumentException">A TURN URI lacks a username or credential, or there are no URIs.</exception>
    public IReadOnlyList<IceServerUri> Validate()
    {
        if (Urls is null || Urls.Count == 0)
        {
            throw new ArgumentException("An ICE server needs at least one URL.", nameof(Urls));
        }

        var uris = new List<IceServerUri>(Urls.Count);
        foreach (string url in Urls)
        {
            IceServerUri uri = IceServerUri.Parse(url);
            if (uri.IsTurn && (string.IsNullOrEmpty(Username) || Credential is null))
            {
                throw new ArgumentException($"TURN server '{url}' needs a username and a credential.", nameof(Urls));
            }

            uris.Add(uri);
        }

        return uris;
    }

    public override string ToString() => $"IceServer({string.Join(", ", Urls)}{(Username is null ? string.Empty : ", user " + Username)})";
}

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

    /// <summary>Value equality: the same URLs in the same order, username and credential.</summary>
    public bool Equals(IceServer? other) =>
        other is not null && (ReferenceEquals(Urls, other.Urls) || (Urls is not null && other.Urls is not null && Urls.SequenceEqual(other.Urls, StringComparer.Ordinal)))
        && string.Equals(Username, other.Username, StringComparison.Ordinal) && string.Equals(Credential, other.Credential, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (string url in Urls ?? [])
        {
            hash.Add(url, StringComparer.Ordinal);
        }

        hash.Add(Username, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public override string ToString() => $"IceServer({string.Join(", ", Urls)}{(Username is null ? string.Empty : ", user " + Username)})";
}

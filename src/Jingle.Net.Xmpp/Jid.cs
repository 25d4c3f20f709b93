using System.Diagnostics.CodeAnalysis;

namespace Jingle.Net.Xmpp;

/// <summary>
/// An XMPP address (RFC 7622): <c>[localpart@]domainpart[/resourcepart]</c>. Local and domain parts are compared
/// case-insensitively (they are case-folded on parse, a simplification of PRECIS); the resource is case-sensitive.
/// </summary>
public sealed record Jid
{
    private Jid(string? local, string domain, string? resource)
    {
        Local = local;
        Domain = domain;
        Resource = resource;
    }

    /// <summary>The localpart (the user), or null for a server or service address.</summary>
    public string? Local { get; }

    /// <summary>The domainpart.</summary>
    public string Domain { get; }

    /// <summary>The resourcepart, or null for a bare JID.</summary>
    public string? Resource { get; }

    /// <summary>True when there is no resource.</summary>
    public bool IsBare => Resource is null;

    /// <summary>This address without its resource.</summary>
    public Jid Bare => Resource is null ? this : new Jid(Local, Domain, null);

    /// <summary>The address with <paramref name="resource"/>.</summary>
    public Jid WithResource(string resource) => new(Local, Domain, resource);

    /// <summary>Parses a JID; throws <see cref="FormatException"/> when it is not one.</summary>
    public static Jid Parse(string text) =>
        TryParse(text, out Jid? jid) ? jid : throw new FormatException("Not a valid JID.");

    /// <summary>Parses a JID; false when it is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Jid? jid)
    {
        jid = null;
        if (string.IsNullOrEmpty(text) || text.Length > 3071)
        {
            return false;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string bare = slash < 0 ? text : text[..slash];
        string? resource = slash < 0 ? null : text[(slash + 1)..];
        int at = bare.IndexOf('@', StringComparison.Ordinal);
        string? local = at < 0 ? null : bare[..at];
        string domain = at < 0 ? bare : bare[(at + 1)..];
        if (domain.Length is 0 or > 1023 || domain.Contains('@', StringComparison.Ordinal)
            || local is { Length: 0 or > 1023 } || resource is { Length: 0 or > 1023 })
        {
            return false;
        }

        if (local is not null && local.AsSpan().IndexOfAny("\"&'/:<>@ ") >= 0)
        {
            return false;
        }

        if (domain.AsSpan().IndexOfAny(" /@") >= 0)
        {
            return false;
        }

        jid = new Jid(local?.ToLowerInvariant(), domain.TrimEnd('.').ToLowerInvariant(), resource);
        return jid.Domain.Length > 0;
    }

    /// <summary>The string form.</summary>
    public override string ToString() =>
        (Local is null ? string.Empty : Local + "@") + Domain + (Resource is null ? string.Empty : "/" + Resource);
}

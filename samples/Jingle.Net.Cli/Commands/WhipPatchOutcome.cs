namespace Jingle.Net.Cli.Commands;

/// <summary>How a WHIP session answered a PATCH (RFC 9725 §4.3.1).</summary>
internal enum WhipPatchOutcome
{
    /// <summary>2xx: 204 for trickle, 200 with the server's fragment for an ICE restart.</summary>
    Accepted,

    /// <summary>405, 422 or 501: the session does not take this kind of PATCH; stop sending it.</summary>
    NotSupported,

    /// <summary>Anything else (412: the entity-tag is stale; 4xx/5xx): this PATCH failed.</summary>
    Failed,
}

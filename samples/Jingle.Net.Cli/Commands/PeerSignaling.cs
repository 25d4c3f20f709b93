namespace Jingle.Net.Cli.Commands;

/// <summary>How <c>jingle peer</c> is signaled: exactly one of <see cref="OfferTo"/>, <see cref="Whip"/> or <see cref="AnswerOn"/>.</summary>
internal sealed record PeerSignaling(string? OfferTo, string? Whip, string? Bearer, bool WhipTrickle, bool WhipIceRestart, int? AnswerOn)
{
    /// <summary>Checks the combination; returns an error text or null.</summary>
    public string? Validate()
    {
        if ((OfferTo is null ? 0 : 1) + (Whip is null ? 0 : 1) + (AnswerOn is null ? 0 : 1) != 1)
        {
            return "give exactly one of --offer-to URL, --whip URL or --answer-on PORT";
        }

        if (Whip is null && (WhipTrickle || WhipIceRestart || Bearer is not null))
        {
            return "--whip-trickle, --whip-ice-restart and --bearer need --whip URL";
        }

        return Whip is not null && !Uri.TryCreate(Whip, UriKind.Absolute, out _) ? $"--whip: not an absolute URL '{Whip}'" : null;
    }
}

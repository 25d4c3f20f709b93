using System.Net;
using Jingle.Net.Stun.Transactions;

namespace Jingle.Net.Stun.Client;

/// <summary>The result of a Binding transaction: the server-reflexive address and what else the server said.</summary>
public sealed record StunBindingResult(
    IPEndPoint MappedAddress,
    IPEndPoint LocalEndPoint,
    TimeSpan RoundTripTime,
    IPEndPoint? OtherAddress,
    IPEndPoint? ResponseOrigin,
    string? ServerSoftware,
    StunResponse Response);

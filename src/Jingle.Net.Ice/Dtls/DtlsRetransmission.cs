namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// What <see cref="DtlsFlightRetransmitter.OnTimerExpired"/> asks for: send <see cref="Datagrams"/> (our flight), or
/// queue them as received (<see cref="ReplayPeerFlight"/>: the peer's previous flight, which makes BouncyCastle
/// resend its own). Empty when nothing is to be done.
/// </summary>
internal readonly record struct DtlsRetransmission(IReadOnlyList<byte[]>? Datagrams, bool ReplayPeerFlight)
{
    public bool IsEmpty => Datagrams is null || Datagrams.Count == 0;
}

namespace Jingle.Net.Ice.Transport;

/// <summary>Decides about one packet an <see cref="InMemoryPacketTransport"/> sends: return true to drop it.</summary>
public delegate bool PacketFilter(ReadOnlySpan<byte> packet);

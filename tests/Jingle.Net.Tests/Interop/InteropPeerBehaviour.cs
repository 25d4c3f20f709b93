namespace Jingle.Net.Tests.Interop;

/// <summary>What a real peer does with the data-channel messages it receives.</summary>
public enum InteropPeerBehaviour
{
    /// <summary>Sends every message back unchanged: text as text, binary as binary, empty as empty.</summary>
    Echo,

    /// <summary>Counts received bytes; answers the text message <c>stats</c> with a JSON text of its counters.</summary>
    Sink,
}

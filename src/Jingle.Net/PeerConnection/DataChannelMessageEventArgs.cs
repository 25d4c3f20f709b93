using System.Text;

namespace Jingle.Net;

/// <summary>A message received on an <see cref="RtcDataChannel"/> (W3C MessageEvent).</summary>
public sealed class DataChannelMessageEventArgs(bool isText, byte[] data) : EventArgs
{
    /// <summary>True for a string message (PPID 51/56), false for binary (53/57).</summary>
    public bool IsText { get; } = isText;

    /// <summary>The message bytes (UTF-8 for text); owned by the receiver.</summary>
    public byte[] Data { get; } = data;

    /// <summary>The message as text (UTF-8 decoded).</summary>
    public string Text => Encoding.UTF8.GetString(Data);
}

using System.Text;

namespace Jingle.Net.Sctp.DataChannels;

/// <summary>A received data channel message. <see cref="Data"/> is valid only during the handler.</summary>
public readonly ref struct DataChannelMessage
{
    public DataChannelMessage(bool isText, ReadOnlySpan<byte> data)
    {
        IsText = isText;
        Data = data;
    }

    /// <summary>True for a string message (PPID 51/56), false for binary (53/57).</summary>
    public bool IsText { get; }

    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Decodes a string message (allocates).</summary>
    public string GetText() => Encoding.UTF8.GetString(Data);
}

using FsCheck.Xunit;
using Jingle.Net.Stun.Turn;

namespace Jingle.Net.Stun.Tests.Framing;

public sealed class TurnChannelDataTests
{
    [Fact]
    public void Write_PadsOnStreamsOnly()
    {
        byte[] buffer = new byte[16];
        Assert.True(TurnChannelData.TryWrite(buffer, 0x4001, [1, 2, 3, 4, 5], padded: true, out int padded));
        Assert.Equal(12, padded);
        Assert.Equal(new byte[] { 0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0 }, buffer[..12]);
        Assert.True(TurnChannelData.TryWrite(buffer, 0x4001, [1, 2, 3, 4, 5], padded: false, out int unpadded));
        Assert.Equal(9, unpadded);
        Assert.False(TurnChannelData.TryWrite(buffer, 0x3FFF, [1], padded: false, out _));
        Assert.False(TurnChannelData.TryWrite(buffer, 0x7FFF, [1], padded: false, out _));
    }

    [Property(MaxTest = 300)]
    public bool Parse_Write_RoundTrips(byte[] data, ushort channelOffset, bool padded)
    {
        ushort channel = (ushort)(TurnChannelData.MinChannel + channelOffset % 0x1000);
        byte[] buffer = new byte[TurnChannelData.GetLength(data.Length, padded)];
        Assert.True(TurnChannelData.TryWrite(buffer, channel, data, padded, out int written));
        return TurnChannelData.TryParse(buffer.AsSpan(0, written), out ushort parsedChannel, out ReadOnlySpan<byte> parsed)
            && parsedChannel == channel && parsed.SequenceEqual(data);
    }

    [Property(MaxTest = 1000)]
    public void ArbitraryBytes_NeverThrow(byte[] data)
    {
        if (TurnChannelData.TryParse(data, out ushort channel, out ReadOnlySpan<byte> payload))
        {
            Assert.True(TurnChannelData.IsValidChannel(channel));
            Assert.True(payload.Length <= data.Length - 4);
        }
    }
}

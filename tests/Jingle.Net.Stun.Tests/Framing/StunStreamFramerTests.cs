using Jingle.Net.Base;
using Jingle.Net.Stun.Framing;

namespace Jingle.Net.Stun.Tests.Framing;

public sealed class StunStreamFramerTests
{
    [Fact]
    public void SplitsStunAndPaddedChannelData_InAnyChunking()
    {
        byte[] stun1 = StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(1)).ToArray(StunSecurity.FingerprintOnly);
        byte[] channelData = [0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4, 5, 0, 0, 0]; // 5 bytes, padded to 8 on a stream
        byte[] stun2 = StunMessage.CreateRequest(StunMethod.Allocate, RandomSource.CreateSeeded(2)).ToArray();
        byte[] stream = [.. stun1, .. channelData, .. stun2];

        foreach (int chunk in new[] { 1, 2, 3, 7, 13, stream.Length })
        {
            var framer = new StunStreamFramer();
            var frames = new List<byte[]>();
            for (int i = 0; i < stream.Length; i += chunk)
            {
                Assert.True(framer.Feed(stream.AsSpan(i, Math.Min(chunk, stream.Length - i)), frames, static (f, frame) => f.Add(frame.ToArray())));
            }

            Assert.Equal(3, frames.Count);
            Assert.Equal(stun1, frames[0]);
            Assert.Equal(channelData[..9], frames[1]);
            Assert.Equal(stun2, frames[2]);
            Assert.Equal(0, framer.BufferedBytes);
        }
    }

    [Fact]
    public void Garbage_FailsTheStream()
    {
        var framer = new StunStreamFramer();
        int frames = 0;
        Assert.False(framer.Feed([0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0], 0, (_, _) => frames++)); // RTP
        Assert.True(framer.IsFailed);
        Assert.False(framer.Feed(StunMessage.CreateRequest(StunMethod.Binding, RandomSource.CreateSeeded(3)).ToArray(), 0, (_, _) => frames++));
        Assert.Equal(0, frames);
    }
}

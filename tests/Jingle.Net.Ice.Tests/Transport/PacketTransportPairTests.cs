using Jingle.Net.Base;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Jingle.Net.Ice.Tests.PacketTransports;

public sealed class PacketTransportPairTests
{
    [Fact]
    public void Send_DeliversInline_BothWays()
    {
        var pair = new PacketTransportPair();
        var atSecond = new List<byte[]>();
        var atFirst = new List<byte[]>();
        pair.Second.PacketReceived += (t, p, _) => { Assert.Same(pair.Second, t); atSecond.Add(p.ToArray()); };
        pair.First.PacketReceived += (_, p, _) => atFirst.Add(p.ToArray());
        Assert.True(pair.First.Send([1, 2, 3]));
        Assert.True(pair.Second.Send([4]));
        Assert.Equal([[1, 2, 3]], atSecond);
        Assert.Equal([[4]], atFirst);
        Assert.Equal(1, pair.First.SentCount);
        Assert.Equal(1, pair.Second.ReceivedCount);
    }

    [Fact]
    public void NotWritable_RefusesSends_AndRaisesWritableStateChanged()
    {
        var pair = new PacketTransportPair(new PacketTransportPairOptions { InitiallyWritable = false });
        int changes = 0;
        pair.First.WritableStateChanged += _ => changes++;
        Assert.False(pair.First.Send([1]));
        Assert.Equal(1, pair.First.RefusedCount);
        pair.First.SetWritable(true);
        pair.First.SetWritable(true);
        Assert.Equal(1, changes);
        Assert.True(pair.First.Send([1]));
    }

    [Fact]
    public void Delay_DeliversWhenTheFakeClockPasses()
    {
        var time = new FakeTimeProvider();
        var pair = new PacketTransportPair(new PacketTransportPairOptions { TimeProvider = time, Delay = TimeSpan.FromMilliseconds(30) });
        var received = new List<(byte First, long At)>();
        pair.Second.PacketReceived += (_, p, ts) => received.Add((p[0], ts));
        byte[] buffer = [9];
        pair.First.Send(buffer);
        buffer[0] = 10; // the pair copied the packet
        time.Advance(TimeSpan.FromMilliseconds(29));
        Assert.Empty(received);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(9, Assert.Single(received).First);
    }

    [Fact]
    public void LossRate_LosesAboutThatShare_Repeatably()
    {
        int Run()
        {
            var pair = new PacketTransportPair(new PacketTransportPairOptions { LossRate = 0.25, Random = RandomSource.CreateSeeded(7) });
            for (int i = 0; i < 4000; i++)
            {
                pair.First.Send([1]);
            }

            return (int)pair.Second.ReceivedCount;
        }

        int delivered = Run();
        Assert.InRange(delivered, 2800, 3200);
        Assert.Equal(delivered, Run());
    }

    [Fact]
    public void DropFilter_DropsChosenPackets()
    {
        var pair = new PacketTransportPair();
        pair.First.DropFilter = p => p[0] == 2;
        int received = 0;
        pair.Second.PacketReceived += (_, _, _) => received++;
        pair.First.Send([1]);
        pair.First.Send([2]);
        pair.First.Send([3]);
        Assert.Equal(2, received);
        Assert.Equal(1, pair.First.LostCount);
    }

    [Fact]
    public async Task DeliveryThread_DeliversThere()
    {
        await using var thread = new RtcThread("delivery");
        var pair = new PacketTransportPair(new PacketTransportPairOptions { DeliveryThread = thread });
        var delivered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Second.PacketReceived += (_, p, _) => delivered.TrySetResult(thread.IsCurrent && p[0] == 5);
        pair.First.Send([5]);
        Assert.True(await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void InvalidOptions_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketTransportPair(new PacketTransportPairOptions { LossRate = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketTransportPair(new PacketTransportPairOptions { Delay = TimeSpan.FromSeconds(-1) }));
    }
}

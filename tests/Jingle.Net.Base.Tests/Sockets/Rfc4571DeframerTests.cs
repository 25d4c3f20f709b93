using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Base.Tests.Sockets;

public sealed class Rfc4571DeframerTests
{
    [Property(MaxTest = 300)]
    public bool AnySplitOfAFramedSequence_YieldsTheSamePackets(byte[][] packets, int[] cuts)
    {
        packets = [.. (packets ?? []).Select(p => p ?? [])];
        byte[] stream = Frame(packets);
        int[] positions = [.. (cuts ?? []).Select(c => (int)((uint)c % (uint)(stream.Length + 1))).Append(0).Append(stream.Length).Distinct().Order()];

        var deframer = new Rfc4571Deframer();
        var output = new List<byte[]>();
        for (int i = 0; i + 1 < positions.Length; i++)
        {
            deframer.Feed(stream.AsSpan(positions[i]..positions[i + 1]), output, static (list, p) => list.Add(p.ToArray()));
        }

        return deframer.BufferedBytes == 0 && output.Count == packets.Length && output.Zip(packets).All(x => x.First.AsSpan().SequenceEqual(x.Second));
    }

    [Property(MaxTest = 100)]
    public Property LargePackets_FedByteByByteOrInBigChunks_RoundTrip()
    {
        Gen<int[]> sizes = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, Rfc4571Framing.MaxPacketSize), n));
        return Prop.ForAll(sizes.ToArbitrary(), Gen.Choose(1, 70000).ToArbitrary(), (int[] lengths, int chunk) =>
        {
            byte[][] packets = [.. lengths.Select((n, i) => Enumerable.Repeat((byte)(i + 1), n).ToArray())];
            byte[] stream = Frame(packets);
            var deframer = new Rfc4571Deframer();
            var output = new List<byte[]>();
            for (int offset = 0; offset < stream.Length; offset += chunk)
            {
                deframer.Feed(stream.AsSpan(offset, Math.Min(chunk, stream.Length - offset)), output, static (list, p) => list.Add(p.ToArray()));
            }

            return output.Count == packets.Length && output.Zip(packets).All(x => x.First.AsSpan().SequenceEqual(x.Second));
        });
    }

    [Fact]
    public void PartialFrame_IsHeldUntilComplete()
    {
        var deframer = new Rfc4571Deframer();
        var output = new List<byte[]>();
        deframer.Feed([0x00, 0x03, 0xAA], output, static (list, p) => list.Add(p.ToArray()));
        Assert.Empty(output);
        Assert.Equal(3, deframer.BufferedBytes);
        deframer.Feed([0xBB, 0xCC, 0x00], output, static (list, p) => list.Add(p.ToArray()));
        Assert.Equal([0xAA, 0xBB, 0xCC], Assert.Single(output));
        Assert.Equal(1, deframer.BufferedBytes);
    }

    [Fact]
    public void TryWriteFrame_RejectsShortDestinations_AndOversizedPackets()
    {
        Assert.False(Rfc4571Framing.TryWriteFrame([1, 2, 3], new byte[4], out int written));
        Assert.Equal(0, written);
        Assert.False(Rfc4571Framing.TryWriteFrame(new byte[Rfc4571Framing.MaxPacketSize + 1], new byte[70000], out _));
        Assert.True(Rfc4571Framing.TryWriteFrame([1, 2, 3], new byte[5], out written));
        Assert.Equal(5, written);
    }

    private static byte[] Frame(byte[][] packets)
    {
        packets = [.. packets.Select(p => p.Length > Rfc4571Framing.MaxPacketSize ? p[..Rfc4571Framing.MaxPacketSize] : p)];
        byte[] stream = new byte[packets.Sum(p => Rfc4571Framing.GetFramedLength(p.Length))];
        int offset = 0;
        foreach (byte[] p in packets)
        {
            Assert.True(Rfc4571Framing.TryWriteFrame(p, stream.AsSpan(offset), out int written));
            offset += written;
        }

        return stream;
    }
}

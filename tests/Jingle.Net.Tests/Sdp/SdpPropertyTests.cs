using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.Sdp;

/// <summary>FsCheck properties: arbitrary and mutated text never throws anything but SdpParseException; generated models round-trip.</summary>
public sealed class SdpPropertyTests
{
    private static readonly string[] Samples = SdpSamples.All.Select(SdpSamples.Load).ToArray();

    [Property(MaxTest = 2000)]
    public void ArbitraryText_ThrowsOnlySdpParseException(string text) => ParsesOrFailsCleanly(text);

    [Property(MaxTest = 2000)]
    public void ArbitraryLinesAfterAValidHeader_ThrowOnlySdpParseException(string[] lines)
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n" + string.Join("\r\n", lines ?? []);
        ParsesOrFailsCleanly(text);
    }

    [Property(MaxTest = 3000)]
    public Property MutatedSamples_ThrowOnlySdpParseException() =>
        Prop.ForAll(Arb.From(MutatedSample()), text =>
        {
            ParsesOrFailsCleanly(text);
            return true;
        });

    [Property(MaxTest = 500)]
    public Property GeneratedModels_RoundTrip() =>
        Prop.ForAll(Arb.From(SdpGenerators.Session()), sdp =>
        {
            string written = sdp.ToString();
            SessionDescription parsed = SessionDescription.Parse(written);
            return parsed.ToString() == written && parsed.Media.Count == sdp.Media.Count &&
                parsed.Attributes.Count == sdp.Attributes.Count &&
                parsed.Media.Select(m => m.Attributes.Count).SequenceEqual(sdp.Media.Select(m => m.Attributes.Count));
        });

    private static void ParsesOrFailsCleanly(string text)
    {
        try
        {
            SessionDescription sdp = SessionDescription.Parse(text);

            // Whatever parses must also write and re-parse to the same text.
            string written = sdp.ToString();
            Assert.Equal(written, SessionDescription.Parse(written).ToString());
        }
        catch (SdpParseException e)
        {
            Assert.NotNull(e.Message);
        }
    }

    /// <summary>A sample with one line replaced, truncated, duplicated or with a few characters changed.</summary>
    private static Gen<string> MutatedSample() =>
        from sample in Gen.Elements(Samples)
        let lines = sample.Split("\r\n")
        from index in Gen.Choose(0, lines.Length - 1)
        from kind in Gen.Choose(0, 4)
        from position in Gen.Choose(0, 200)
        from junk in Gen.Elements("", " ", ":", "/", "-1", "99999999999999999999", "\0", "\r", "=", "a=", "m=",
            "candidate:", " typ", "rtpmap:", "é", "\uFFFF", "0", ";", ",", "~")
        select Mutate(lines, index, kind, position, junk);

    private static string Mutate(string[] lines, int index, int kind, int position, string junk)
    {
        string[] copy = (string[])lines.Clone();
        string line = copy[index];
        int at = line.Length == 0 ? 0 : position % (line.Length + 1);
        copy[index] = kind switch
        {
            0 => line[..at] + junk,
            1 => line[..at] + junk + line[at..],
            2 => line.Remove(at, Math.Min(line.Length - at, 1 + (position % 5))),
            3 => junk + line,
            _ => line + "\r\n" + line[..at] + junk,
        };
        return string.Join("\r\n", copy);
    }
}

using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Sdp;

namespace Jingle.Net.Tests.Sdp;

/// <summary>Generators of valid session descriptions built from every typed attribute.</summary>
internal static class SdpGenerators
{
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/-_.";

    public static Gen<string> Token() =>
        from length in Gen.Choose(1, 12)
        from chars in Gen.ArrayOf(Gen.Elements(TokenChars.ToCharArray()), length)
        select new string(chars);

    private static Gen<string[]> Tokens(int min, int max) =>
        from n in Gen.Choose(min, max)
        from t in Gen.ArrayOf(Token(), n)
        select t;

    private static Gen<uint> UInt() => from hi in Gen.Choose(0, 65535) from lo in Gen.Choose(0, 65535) select ((uint)hi << 16) | (uint)lo;

    private static Gen<ulong> ULong() => from a in UInt() from b in UInt() select ((ulong)a << 32) | b;

    private static Gen<MediaDirection> Direction() => Gen.Elements(Enum.GetValues<MediaDirection>());

    private static Gen<string?> Optional(Gen<string> gen) =>
        Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));

    public static Gen<SdpAttribute> Attribute() => Gen.OneOf(
        Tokens(1, 4).Select(t => (SdpAttribute)new GroupAttribute(t[0], t.Skip(1))),
        Tokens(1, 3).Select(t => (SdpAttribute)new IceOptionsAttribute(t)),
        Token().Two().Select(t => (SdpAttribute)new FingerprintAttribute(t.Item1, t.Item2)),
        Gen.Elements(Enum.GetValues<SdpSetupRole>()).Select(r => (SdpAttribute)new SetupAttribute(r)),
        from t in Tokens(8, 12)
        from c in Gen.Choose(1, 256)
        select CandidateAttribute.TryParse(
            t[0] + " " + c.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + string.Join(' ', t.Skip(2)),
            out CandidateAttribute? a) ? (SdpAttribute)a! : new SdpPropertyAttribute("unreachable"),
        from port in Gen.Choose(0, 65535)
        from withAddress in Gen.Elements(true, false)
        from t in Tokens(3, 3)
        select (SdpAttribute)new RtcpAttribute(port, withAddress ? new SdpConnection(t[0], t[1], t[2]) : null),
        from pt in Gen.Choose(0, 127)
        from name in Token()
        from clock in Gen.Choose(0, int.MaxValue)
        from ch in Gen.Choose(0, 8)
        select (SdpAttribute)new RtpMapAttribute(pt, name.Replace("/", "", StringComparison.Ordinal) + "x", clock, ch == 0 ? null : ch),
        from f in Token()
        from p in Tokens(0, 3)
        select (SdpAttribute)new FmtpAttribute(f, string.Join(';', p)),
        from f in Token()
        from t in Token()
        from p in Optional(Token())
        select (SdpAttribute)new RtcpFeedbackAttribute(f, t, p),
        from id in Gen.Choose(1, 65535)
        from uri in Token()
        from hasDirection in Gen.Elements(true, false)
        from d in Direction()
        from ext in Optional(Token())
        select (SdpAttribute)new ExtMapAttribute(id, uri, hasDirection ? d : null, ext),
        from ssrc in UInt()
        from attr in Token()
        from value in Optional(Tokens(1, 2).Select(t => string.Join(' ', t)))
        select (SdpAttribute)new SsrcAttribute(ssrc, attr.Replace(":", "", StringComparison.Ordinal) + "a", value),
        from sem in Gen.Elements(SsrcGroupAttribute.Fid, SsrcGroupAttribute.Sim, SsrcGroupAttribute.FecFr)
        from n in Gen.Choose(0, 3)
        from ssrcs in Gen.ArrayOf(UInt(), n)
        select (SdpAttribute)new SsrcGroupAttribute(sem, ssrcs),
        from s in Token()
        from t in Optional(Token())
        select (SdpAttribute)new MsidAttribute(s, t),
        from ids in Tokens(1, 3)
        from space in Gen.Elements(true, false)
        select (SdpAttribute)new MsidSemanticAttribute(ids[0], ids.Skip(1)) { SpaceAfterColon = space },
        Gen.Choose(0, 65535).Select(p => (SdpAttribute)new SctpPortAttribute(p)),
        ULong().Select(s => (SdpAttribute)new MaxMessageSizeAttribute(s)),
        from p in Gen.Choose(0, 65535)
        from proto in Token()
        from streams in Gen.Choose(-1, 65535)
        select (SdpAttribute)new SctpMapAttribute(p, proto, streams < 0 ? null : streams),
        from send in Optional(Token())
        from recv in Token()
        from first in Gen.Elements(true, false)
        select (SdpAttribute)new SimulcastAttribute(send, recv) { ReceiveFirst = first && send is not null },
        from id in Token()
        from d in Gen.Elements(RidDirection.Send, RidDirection.Receive)
        from r in Optional(Token())
        select (SdpAttribute)new RidAttribute(id, d, r),
        Gen.Elements("ice-lite", "rtcp-mux", "rtcp-mux-only", "rtcp-rsize", "end-of-candidates", "extmap-allow-mixed",
            "bundle-only", "sendrecv", "sendonly", "recvonly", "inactive", "x-flag").Select(n => (SdpAttribute)new SdpPropertyAttribute(n)),
        from n in Gen.Elements("mid", "ice-ufrag", "ice-pwd")
        from v in Token()
        select (SdpAttribute)new SdpValueAttribute(n, v),
        from n in Gen.Elements("x-custom", "maxptime", "framerate", "x-google-flag")
        from v in Tokens(0, 3)
        select (SdpAttribute)new SdpValueAttribute(n, string.Join(' ', v)),
        from type in Gen.Elements('x', 'y', 'w', 'q')
        from v in Tokens(0, 3)
        select (SdpAttribute)new UnknownLine(type, string.Join(' ', v)));

    public static Gen<MediaDescription> Media() =>
        from media in Gen.Elements("audio", "video", "application", "text")
        from port in Gen.Choose(0, 65535)
        from ports in Gen.Choose(0, 4)
        from proto in Gen.Elements(MediaDescription.UdpTlsRtpSavpf, MediaDescription.UdpDtlsSctp, MediaDescription.DtlsSctp, "RTP/AVP")
        from formats in Tokens(0, 6)
        from info in Optional(Tokens(1, 3).Select(t => string.Join(' ', t)))
        from hasConnection in Gen.Elements(true, false)
        from c in Tokens(3, 3)
        from bw in Gen.Choose(0, 2)
        from bwValue in ULong()
        from key in Optional(Token())
        from n in Gen.Choose(0, 12)
        from attributes in Gen.ArrayOf(Attribute(), n)
        select BuildMedia(media, port, ports, proto, formats, info, hasConnection ? c : null, bw, bwValue, key, attributes);

    public static Gen<SessionDescription> Session() =>
        from origin in Tokens(6, 6)
        from version in ULong()
        from name in Tokens(1, 3)
        from info in Optional(Token())
        from uri in Optional(Token())
        from emails in Tokens(0, 2)
        from timings in Gen.Choose(0, 2)
        from start in ULong()
        from repeats in Tokens(0, 2)
        from zone in Optional(Token())
        from n in Gen.Choose(0, 10)
        from attributes in Gen.ArrayOf(Attribute(), n)
        from m in Gen.Choose(0, 4)
        from media in Gen.ArrayOf(Media(), m)
        select BuildSession(origin, version, string.Join(' ', name), info, uri, emails, timings, start, repeats, zone, attributes, media);

    private static MediaDescription BuildMedia(string media, int port, int ports, string proto, string[] formats, string? info,
        string[]? connection, int bandwidths, ulong bandwidth, string? key, SdpAttribute[] attributes)
    {
        var m = new MediaDescription(media, port, proto, formats)
        {
            NumberOfPorts = ports == 0 ? null : ports,
            Information = info,
            Connection = connection is null ? null : new SdpConnection(connection[0], connection[1], connection[2]),
            EncryptionKey = key,
        };
        for (int i = 0; i < bandwidths; i++)
        {
            m.Bandwidths.Add(new SdpBandwidth(i == 0 ? "AS" : "TIAS", bandwidth));
        }

        foreach (SdpAttribute a in attributes)
        {
            m.Attributes.Add(a);
        }

        return m;
    }

    private static SessionDescription BuildSession(string[] origin, ulong version, string name, string? info, string? uri,
        string[] emails, int timings, ulong start, string[] repeats, string? zone, SdpAttribute[] attributes, MediaDescription[] media)
    {
        var s = new SessionDescription
        {
            Origin = new SdpOrigin
            {
                Username = origin[0], SessionId = origin[1], SessionVersion = version, NetworkType = origin[3],
                AddressType = origin[4], UnicastAddress = origin[5],
            },
            SessionName = name,
            Information = info,
            Uri = uri,
            TimeZones = zone,
        };
        foreach (string e in emails)
        {
            s.EmailAddresses.Add(e);
        }

        for (int i = 0; i < timings; i++)
        {
            var t = new SdpTiming(start, start / 2);
            foreach (string r in repeats)
            {
                t.Repeats.Add(r);
            }

            s.Timings.Add(t);
        }

        foreach (SdpAttribute a in attributes)
        {
            s.Attributes.Add(a);
        }

        foreach (MediaDescription m in media)
        {
            s.Media.Add(m);
        }

        return s;
    }
}

using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Jingle.Net.Stun.Attributes;
using Jingle.Net.Stun.Credentials;

namespace Jingle.Net.Stun.Tests.Codec;

/// <summary>FsCheck generators for well-formed STUN messages (every attribute type this library knows).</summary>
public static class StunGenerators
{
    private static readonly char[] TextChars = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789:+/=-_. éüß日本語マトリックス€".ToCharArray();

    private static Gen<byte[]> Bytes(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    private static Gen<string> Text(int max) => Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(TextChars), n)).Select(c => new string(c));

    private static Gen<IPEndPoint> EndPoints() =>
        from v6 in Gen.Elements(false, true)
        from bytes in Bytes(v6 ? 16 : 4, v6 ? 16 : 4)
        from port in Gen.Choose(0, 65535)
        let address = new IPAddress(bytes)
        where !address.IsIPv4MappedToIPv6
        select new IPEndPoint(address, port);

    private static Gen<uint> UInt32s() => Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF)).Select(t => ((uint)t.Item1 << 16) | (uint)t.Item2);

    private static Gen<ulong> UInt64s() => Gen.Zip(UInt32s(), UInt32s()).Select(t => ((ulong)t.Item1 << 32) | t.Item2);

    public static Gen<StunAttribute> Attribute() => Gen.OneOf(
        EndPoints().Select(e => (StunAttribute)new MappedAddressAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new XorMappedAddressAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new XorPeerAddressAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new XorRelayedAddressAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new AlternateServerAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new ResponseOriginAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new OtherAddressAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new SourceAddressAttribute(e)),
        EndPoints().Select(e => (StunAttribute)new ChangedAddressAttribute(e)),
        Text(40).Select(s => (StunAttribute)new UsernameAttribute(s)),
        Text(40).Select(s => (StunAttribute)new RealmAttribute(s)),
        Text(40).Select(s => (StunAttribute)new NonceAttribute(s)),
        Text(40).Select(s => (StunAttribute)new SoftwareAttribute(s)),
        Text(40).Select(s => (StunAttribute)new AlternateDomainAttribute(s)),
        Gen.Zip(Gen.Choose(300, 699), Text(30)).Select(t => (StunAttribute)new ErrorCodeAttribute(t.Item1, t.Item2)),
        Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(i => (ushort)i)).Select(t => (StunAttribute)new UnknownAttributesAttribute(t)),
        UInt32s().Select(v => (StunAttribute)new PriorityAttribute(v)),
        UInt32s().Select(v => (StunAttribute)new LifetimeAttribute(v)),
        UInt64s().Select(v => (StunAttribute)new IceControllingAttribute(v)),
        UInt64s().Select(v => (StunAttribute)new IceControlledAttribute(v)),
        UInt64s().Select(v => (StunAttribute)new ReservationTokenAttribute(v)),
        Gen.Constant((StunAttribute)new UseCandidateAttribute()),
        Gen.Constant((StunAttribute)new DontFragmentAttribute()),
        Bytes(0, 64).Select(b => (StunAttribute)new DataAttribute(b)),
        Bytes(0, 16).Select(b => (StunAttribute)new PaddingAttribute(b)),
        Bytes(32, 32).Select(b => (StunAttribute)new UserHashAttribute(b)),
        Gen.Zip(Gen.Elements(false, true), Gen.Elements(false, true)).Select(t => (StunAttribute)new ChangeRequestAttribute(t.Item1, t.Item2)),
        Gen.Choose(0, 0xFFFF).Select(c => (StunAttribute)new ChannelNumberAttribute((ushort)c)),
        Gen.Choose(0, 255).Select(p => (StunAttribute)new RequestedTransportAttribute((byte)p)),
        Gen.Choose(1, 2).Select(p => (StunAttribute)new RequestedAddressFamilyAttribute((byte)p)),
        Gen.Choose(1, 2).Select(p => (StunAttribute)new AdditionalAddressFamilyAttribute((byte)p)),
        Gen.Choose(0, 0xFFFF).Select(p => (StunAttribute)new ResponsePortAttribute((ushort)p)),
        Gen.Elements(false, true).Select(r => (StunAttribute)new EvenPortAttribute(r)),
        Gen.Zip(Gen.Choose(0, 255), UInt32s()).Select(t => (StunAttribute)new IcmpAttribute((byte)t.Item1, 3, t.Item2)),
        Gen.Zip(Gen.Choose(1, 2), Gen.Choose(400, 599)).Select(t => (StunAttribute)new AddressErrorCodeAttribute((byte)t.Item1, t.Item2, "x")),
        Gen.Elements(PasswordAlgorithm.Md5, PasswordAlgorithm.Sha256).Select(a => (StunAttribute)new PasswordAlgorithmAttribute(a)),
        Gen.ArrayOf(Gen.Elements(PasswordAlgorithm.Md5, PasswordAlgorithm.Sha256)).Select(a => (StunAttribute)new PasswordAlgorithmsAttribute(a)),
        Gen.Zip(Gen.Choose(0xC000, 0xFFFF), Bytes(0, 20)).Select(t => (StunAttribute)new UnknownAttribute((StunAttributeType)t.Item1, t.Item2)));

    public static Gen<StunMessage> Message() =>
        from method in Gen.Elements(Enum.GetValues<StunMethod>())
        from @class in Gen.Elements(Enum.GetValues<StunClass>())
        from rfc3489 in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from id in Bytes(16, 16)
        from attributes in Gen.ListOf(Attribute()).Select(l => l.Take(12).ToList())
        from integrity in Gen.Elements(false, true)
        from mac in Bytes(20, 20)
        from fingerprint in Gen.Elements(false, true)
        from crc in UInt32s()
        select Build(method, @class, rfc3489, id, attributes, integrity ? mac : null, fingerprint ? crc : null);

    private static StunMessage Build(StunMethod method, StunClass @class, bool rfc3489, byte[] id, List<StunAttribute> attributes, byte[]? mac, uint? crc)
    {
        StunTransactionId transactionId = rfc3489 && BitConverter.ToUInt32(id) != 0x42A41221
            ? StunTransactionId.FromHeaderBytes(id)
            : StunTransactionId.FromBytes(id.AsSpan(0, 12));
        var message = new StunMessage(new StunMessageType(method, @class), transactionId, attributes);
        if (mac is not null)
        {
            message.Attributes.Add(new MessageIntegrityAttribute(mac));
        }

        if (crc is not null)
        {
            message.Attributes.Add(new FingerprintAttribute(crc.Value));
        }

        return message;
    }
}

/// <summary>Arbitraries registered with <c>[Property(Arbitrary = ...)]</c>.</summary>
public static class StunArbitraries
{
    public static Arbitrary<StunMessage> Messages() => StunGenerators.Message().ToArbitrary();
}

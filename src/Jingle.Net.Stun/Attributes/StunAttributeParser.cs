using System.Net;
using System.Text;

namespace Jingle.Net.Stun.Attributes;

/// <summary>Turns a raw attribute into its typed record; unknown types become <see cref="UnknownAttribute"/>.</summary>
internal static class StunAttributeParser
{
    /// <summary>True for every attribute type this library interprets.</summary>
    public static bool IsKnown(StunAttributeType type) => Enum.IsDefined(type);

    /// <summary>The typed attribute, or null when the value is malformed.</summary>
    public static StunAttribute? Parse(StunAttributeType type, ReadOnlySpan<byte> value, ReadOnlySpan<byte> header) => type switch
    {
        StunAttributeType.MappedAddress => Address(value, static e => new MappedAddressAttribute(e)),
        StunAttributeType.ResponseAddress => Address(value, static e => new ResponseAddressAttribute(e)),
        StunAttributeType.SourceAddress => Address(value, static e => new SourceAddressAttribute(e)),
        StunAttributeType.ChangedAddress => Address(value, static e => new ChangedAddressAttribute(e)),
        StunAttributeType.ReflectedFrom => Address(value, static e => new ReflectedFromAttribute(e)),
        StunAttributeType.AlternateServer => Address(value, static e => new AlternateServerAttribute(e)),
        StunAttributeType.ResponseOrigin => Address(value, static e => new ResponseOriginAttribute(e)),
        StunAttributeType.OtherAddress => Address(value, static e => new OtherAddressAttribute(e)),
        StunAttributeType.XorMappedAddress => XorAddress(value, header, static e => new XorMappedAddressAttribute(e)),
        StunAttributeType.XorPeerAddress => XorAddress(value, header, static e => new XorPeerAddressAttribute(e)),
        StunAttributeType.XorRelayedAddress => XorAddress(value, header, static e => new XorRelayedAddressAttribute(e)),
        StunAttributeType.Username => new UsernameAttribute(Text(value)),
        StunAttributeType.Password => new PasswordAttribute(Text(value)),
        StunAttributeType.Realm => new RealmAttribute(Text(value)),
        StunAttributeType.Nonce => new NonceAttribute(Text(value)),
        StunAttributeType.Software => new SoftwareAttribute(Text(value)),
        StunAttributeType.AlternateDomain => new AlternateDomainAttribute(Text(value)),
        StunAttributeType.MessageIntegrity => MessageIntegrityAttribute.TryParse(value),
        StunAttributeType.MessageIntegritySha256 => MessageIntegritySha256Attribute.TryParse(value),
        StunAttributeType.Fingerprint => FingerprintAttribute.TryParse(value),
        StunAttributeType.ErrorCode => ErrorCodeAttribute.TryParse(value),
        StunAttributeType.UnknownAttributes => UnknownAttributesAttribute.TryParse(value),
        StunAttributeType.ChannelNumber => ChannelNumberAttribute.TryParse(value),
        StunAttributeType.Lifetime => LifetimeAttribute.TryParse(value),
        StunAttributeType.Data => DataAttribute.TryParse(value),
        StunAttributeType.RequestedAddressFamily => RequestedAddressFamilyAttribute.TryParse(value),
        StunAttributeType.EvenPort => EvenPortAttribute.TryParse(value),
        StunAttributeType.RequestedTransport => RequestedTransportAttribute.TryParse(value),
        StunAttributeType.DontFragment => DontFragmentAttribute.TryParse(value),
        StunAttributeType.PasswordAlgorithm => PasswordAlgorithmAttribute.TryParse(value),
        StunAttributeType.PasswordAlgorithms => PasswordAlgorithmsAttribute.TryParse(value),
        StunAttributeType.UserHash => UserHashAttribute.TryParse(value),
        StunAttributeType.ReservationToken => ReservationTokenAttribute.TryParse(value),
        StunAttributeType.Priority => PriorityAttribute.TryParse(value),
        StunAttributeType.UseCandidate => UseCandidateAttribute.TryParse(value),
        StunAttributeType.Padding => PaddingAttribute.TryParse(value),
        StunAttributeType.ResponsePort => ResponsePortAttribute.TryParse(value),
        StunAttributeType.ChangeRequest => ChangeRequestAttribute.TryParse(value),
        StunAttributeType.AdditionalAddressFamily => AdditionalAddressFamilyAttribute.TryParse(value),
        StunAttributeType.AddressErrorCode => AddressErrorCodeAttribute.TryParse(value),
        StunAttributeType.Icmp => IcmpAttribute.TryParse(value),
        StunAttributeType.IceControlled => IceControlledAttribute.TryParse(value),
        StunAttributeType.IceControlling => IceControllingAttribute.TryParse(value),
        _ => new UnknownAttribute(type, value.ToArray()),
    };

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);

    private static StunAttribute? Address(ReadOnlySpan<byte> value, Func<IPEndPoint, StunAttribute> create) =>
        StunAddressCodec.TryRead(value, default, out IPEndPoint? endPoint) ? create(endPoint!) : null;

    private static StunAttribute? XorAddress(ReadOnlySpan<byte> value, ReadOnlySpan<byte> header, Func<IPEndPoint, StunAttribute> create) =>
        StunAddressCodec.TryRead(value, header, out IPEndPoint? endPoint) ? create(endPoint!) : null;
}

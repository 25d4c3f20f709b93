namespace Jingle.Net.Ice.Stun;

/// <summary>The STUN numbers ICE connectivity checks use (RFC 8489 §18, RFC 8445 §16, libwebrtc's GOOG attributes).</summary>
internal static class IceStunConstants
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const uint FingerprintXor = 0x5354554E;

    public const ushort BindingRequest = 0x0001;
    public const ushort BindingIndication = 0x0011;
    public const ushort BindingSuccessResponse = 0x0101;
    public const ushort BindingErrorResponse = 0x0111;

    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;

    /// <summary>libwebrtc's renomination counter (GOOG NOMINATION, 0xC001).</summary>
    public const ushort Nomination = 0xC001;

    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int RoleConflict = 487;
}

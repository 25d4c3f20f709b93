namespace Jingle.Net.Sctp.Parameters;

/// <summary>Parameter types used by this stack (RFC 9260 §3.3, RFC 3758, RFC 5061, RFC 6525, RFC 9653).</summary>
internal enum ParameterType : ushort
{
    HeartbeatInfo = 1,
    StateCookie = 7,
    UnrecognizedParameter = 8,
    CookiePreservative = 9,
    SupportedAddressTypes = 12,
    OutgoingSsnResetRequest = 13,
    IncomingSsnResetRequest = 14,
    SsnTsnResetRequest = 15,
    ReconfigurationResponse = 16,
    AddOutgoingStreamsRequest = 17,
    AddIncomingStreamsRequest = 18,
    ZeroChecksumAcceptable = 0x8001,
    SupportedExtensions = 0x8008,
    ForwardTsnSupported = 0xC000,
}

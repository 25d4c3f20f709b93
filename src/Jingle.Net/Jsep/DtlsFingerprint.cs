namespace Jingle.Net.Jsep;

/// <summary>A DTLS certificate fingerprint (RFC 8122): the hash function ("sha-256") and the colon-separated hex value.</summary>
internal sealed record DtlsFingerprint(string HashFunction, string Value);

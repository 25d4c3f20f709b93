namespace Jingle.Net.Ice.Dtls;

/// <summary>What became of one received record on the application data fast path.</summary>
internal enum DtlsRecordStatus
{
    /// <summary>Authentic and new: the plaintext was written.</summary>
    Accepted,

    /// <summary>Seen before, or older than the 64-record replay window (RFC 6347 §4.1.2.6): dropped.</summary>
    Replayed,

    /// <summary>The AES-GCM tag did not verify (RFC 6347 §4.1.2.7: drop, not fatal).</summary>
    AuthenticationFailed,

    /// <summary>Too short for an explicit nonce and a tag, or the plaintext would not fit: dropped.</summary>
    Malformed,
}

namespace Jingle.Net.Stun.Transactions;

/// <summary>
/// Decides whether a response that matched a transaction by id is authentic (RFC 8489 §9.2.5, §9.1.4): return false
/// to discard it as if it had never been received. Runs on the receiving thread, outside the requester's lock; the
/// reader is valid only during the call. Must not throw.
/// </summary>
/// <param name="response">The parsed response (its FINGERPRINT, when present, has already been checked).</param>
public delegate bool StunResponseValidator(StunMessageReader response);

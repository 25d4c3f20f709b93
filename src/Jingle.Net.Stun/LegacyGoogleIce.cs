using System.Net;
using System.Text;

namespace Jingle.Net.Stun;

/// <summary>
/// libjingle's legacy Google ICE use of STUN: connectivity checks are RFC 3489-form Binding requests (128-bit
/// transaction id, no cookie) whose USERNAME is the remote fragment followed by the local one, with no
/// MESSAGE-INTEGRITY; the response echoes USERNAME and carries MAPPED-ADDRESS. A request or response whose USERNAME
/// does not match is rejected ("Received STUN response with bad username").
/// </summary>
public static class LegacyGoogleIce
{
    /// <summary>The USERNAME a check from us carries: <paramref name="remoteFragment"/> + <paramref name="localFragment"/>.</summary>
    public static string CreateUsername(string remoteFragment, string localFragment)
    {
        ArgumentNullException.ThrowIfNull(remoteFragment);
        ArgumentNullException.ThrowIfNull(localFragment);
        return remoteFragment + localFragment;
    }

    /// <summary>
    /// Checks the USERNAME of a received request: it must start with our local fragment (the sender's "remote") and,
    /// when known, continue with the sender's fragment.
    /// </summary>
    public static bool IsValidRequestUsername(ReadOnlySpan<byte> username, string localFragment, string? remoteFragment = null)
    {
        ArgumentNullException.ThrowIfNull(localFragment);
        Span<byte> expected = stackalloc byte[512];
        int local = Encoding.UTF8.GetBytes(localFragment, expected);
        if (!username.StartsWith(expected[..local]))
        {
            return false;
        }

        if (remoteFragment is null)
        {
            return username.Length > local;
        }

        int remote = Encoding.UTF8.GetBytes(remoteFragment, expected[local..]);
        return username.SequenceEqual(expected[..(local + remote)]);
    }

    /// <summary>Writes a legacy connectivity check (RFC 3489 form) and returns its length.</summary>
    public static int WriteBindingRequest(Span<byte> destination, StunTransactionId transactionId, string remoteFragment, string localFragment)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingRequest, transactionId);
        writer.AddUsername(CreateUsername(remoteFragment, localFragment));
        return writer.Length;
    }

    /// <summary>Writes the response to a legacy check: MAPPED-ADDRESS of the sender and the echoed USERNAME.</summary>
    public static int WriteBindingResponse(Span<byte> destination, StunTransactionId transactionId, IPEndPoint mappedAddress, ReadOnlySpan<byte> username)
    {
        var writer = new StunMessageWriter(destination, StunMessageType.BindingSuccessResponse, transactionId);
        writer.AddAddress(StunAttributeType.MappedAddress, mappedAddress);
        writer.AddBytes(StunAttributeType.Username, username);
        return writer.Length;
    }
}

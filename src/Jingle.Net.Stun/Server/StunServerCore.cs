using System.Net;
using Jingle.Net.Stun.Attributes;

namespace Jingle.Net.Stun.Server;

/// <summary>
/// The sans-I/O STUN server: a Binding request in, the response bytes and the socket to send them from out
/// (RFC 8489 §6.3, RFC 5780 §6). Sockets are numbered 0 = (primary IP, primary port), 1 = (primary IP, alternate
/// port), 2 = (alternate IP, primary port), 3 = (alternate IP, alternate port). Malformed packets are dropped and
/// counted. Thread-safe (counters are atomic; no other state).
/// </summary>
public sealed class StunServerCore
{
    private readonly string? _software;
    private readonly IPEndPoint[] _endPoints;
    private long _malformed;
    private long _requests;
    private long _errors;

    /// <summary>A server answering from <paramref name="endPoints"/> (1 or 4 entries, indexed as above).</summary>
    public StunServerCore(IReadOnlyList<IPEndPoint> endPoints, string? software = null)
    {
        ArgumentNullException.ThrowIfNull(endPoints);
        if (endPoints.Count is not (1 or 4))
        {
            throw new ArgumentException("A STUN server has one socket, or four for RFC 5780.", nameof(endPoints));
        }

        _endPoints = [.. endPoints];
        _software = software;
    }

    /// <summary>True when configured for RFC 5780 (alternate address and port).</summary>
    public bool SupportsChangeRequest => _endPoints.Length == 4;

    /// <summary>Packets dropped as malformed (not STUN, bad framing, bad FINGERPRINT, bad attribute values).</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformed);

    /// <summary>Binding requests answered with a success response.</summary>
    public long BindingRequests => Interlocked.Read(ref _requests);

    /// <summary>Requests answered with an error response.</summary>
    public long ErrorResponses => Interlocked.Read(ref _errors);

    /// <summary>
    /// Handles one packet received on socket <paramref name="localIndex"/> from <paramref name="remote"/>. Returns the
    /// response length in <paramref name="response"/> (0 = send nothing) and the socket to send it from.
    /// </summary>
    public int Handle(ReadOnlySpan<byte> packet, IPEndPoint remote, int localIndex, Span<byte> response, out int replyFrom)
    {
        replyFrom = localIndex;
        if (!StunMessageReader.TryParse(packet, out StunMessageReader request, out _)
            || (request.HasFingerprint && !request.ValidateFingerprint()))
        {
            Interlocked.Increment(ref _malformed);
            return 0;
        }

        if (request.Class != StunClass.Request)
        {
            return 0; // indications and stray responses: nothing to answer
        }

        bool fingerprint = request.HasFingerprint;
        if (request.Method != StunMethod.Binding)
        {
            return WriteError(request, StunErrorCodes.BadRequest, fingerprint, response);
        }

        Span<ushort> unknown = stackalloc ushort[16];
        int unknownCount = request.GetUnknownComprehensionRequired(unknown, IsUnderstood);
        bool changeIp = false, changePort = false;
        if (request.TryGetAttribute(StunAttributeType.ChangeRequest, out ReadOnlySpan<byte> change))
        {
            if (ChangeRequestAttribute.TryParse(change) is not { } flags)
            {
                Interlocked.Increment(ref _malformed);
                return WriteError(request, StunErrorCodes.BadRequest, fingerprint, response);
            }

            if (!SupportsChangeRequest && unknownCount < unknown.Length)
            {
                unknown[unknownCount++] = (ushort)StunAttributeType.ChangeRequest; // RFC 5780 §6.1
            }

            (changeIp, changePort) = (flags.ChangeIp, flags.ChangePort);
        }

        if (unknownCount > 0)
        {
            Interlocked.Increment(ref _errors);
            var error = new StunMessageWriter(response, request.Type.WithClass(StunClass.ErrorResponse), request.TransactionId);
            error.AddErrorCode(StunErrorCodes.UnknownAttribute);
            error.AddUnknownAttributes(unknown[..unknownCount]);
            return Finish(ref error, fingerprint);
        }

        if (SupportsChangeRequest)
        {
            replyFrom = localIndex ^ (changeIp ? 2 : 0) ^ (changePort ? 1 : 0);
        }

        Interlocked.Increment(ref _requests);
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        if (request.HasMagicCookie)
        {
            writer.AddXorAddress(StunAttributeType.XorMappedAddress, remote);
            if (SupportsChangeRequest)
            {
                writer.AddAddress(StunAttributeType.ResponseOrigin, _endPoints[replyFrom]);
                writer.AddAddress(StunAttributeType.OtherAddress, _endPoints[localIndex ^ 3]);
            }
        }
        else
        {
            // RFC 3489 client (and libjingle's legacy checks): MAPPED-ADDRESS, SOURCE-ADDRESS, CHANGED-ADDRESS.
            writer.AddAddress(StunAttributeType.MappedAddress, remote);
            writer.AddAddress(StunAttributeType.SourceAddress, _endPoints[replyFrom]);
            if (SupportsChangeRequest)
            {
                writer.AddAddress(StunAttributeType.ChangedAddress, _endPoints[localIndex ^ 3]);
            }
        }

        return Finish(ref writer, fingerprint);
    }

    private static bool IsUnderstood(StunAttributeType type) => type is StunAttributeType.ChangeRequest or StunAttributeType.Padding
        or StunAttributeType.ResponsePort or StunAttributeType.Username or StunAttributeType.MessageIntegrity
        or StunAttributeType.MessageIntegritySha256 or StunAttributeType.Priority or StunAttributeType.UseCandidate
        or StunAttributeType.Fingerprint or StunAttributeType.Software || (ushort)type >= 0x8000;

    private int WriteError(StunMessageReader request, int code, bool fingerprint, Span<byte> response)
    {
        Interlocked.Increment(ref _errors);
        var writer = new StunMessageWriter(response, request.Type.WithClass(StunClass.ErrorResponse), request.TransactionId);
        writer.AddErrorCode(code);
        return Finish(ref writer, fingerprint);
    }

    private int Finish(ref StunMessageWriter writer, bool fingerprint)
    {
        if (_software is not null)
        {
            writer.AddString(StunAttributeType.Software, _software);
        }

        if (fingerprint)
        {
            writer.AddFingerprint();
        }

        return writer.Length;
    }
}

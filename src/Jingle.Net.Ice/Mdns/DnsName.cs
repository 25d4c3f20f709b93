using System.Text;

namespace Jingle.Net.Ice.Mdns;

/// <summary>
/// Domain names on the wire (RFC 1035 §3.1, §4.1.4): length-prefixed labels of 1–63 bytes (UTF-8, as mDNS allows,
/// RFC 6762 §16), at most 255 bytes encoded, ending with the root label. Reading follows compression pointers, which
/// must point strictly backwards (so a loop cannot be built); writing never compresses.
/// </summary>
internal static class DnsName
{
    public const int MaxEncodedLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>Encoded length of <paramref name="name"/> (dot-separated, trailing dot optional), or -1 when it is not a valid name.</summary>
    public static int GetEncodedLength(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string trimmed = Trim(name);
        if (trimmed.Length == 0)
        {
            return 1;
        }

        int length = 1;
        foreach (string label in trimmed.Split('.'))
        {
            int bytes = Encoding.UTF8.GetByteCount(label);
            if (bytes is 0 or > MaxLabelLength)
            {
                return -1;
            }

            length += 1 + bytes;
        }

        return length <= MaxEncodedLength ? length : -1;
    }

    public static bool TryWrite(Span<byte> destination, string name, out int written)
    {
        written = 0;
        int length = GetEncodedLength(name);
        if (length < 0 || destination.Length < length)
        {
            return false;
        }

        string trimmed = Trim(name);
        int offset = 0;
        if (trimmed.Length > 0)
        {
            foreach (string label in trimmed.Split('.'))
            {
                int bytes = Encoding.UTF8.GetBytes(label, destination[(offset + 1)..]);
                destination[offset] = (byte)bytes;
                offset += 1 + bytes;
            }
        }

        destination[offset++] = 0;
        written = offset;
        return true;
    }

    /// <summary>
    /// Reads the name at <paramref name="offset"/> of <paramref name="message"/> and moves <paramref name="offset"/>
    /// past it (past the first pointer, if any). False on truncation, a forward or self pointer, a reserved label type,
    /// or more than 255 bytes.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        name = string.Empty;
        var builder = new StringBuilder();
        int position = offset;
        int end = -1;
        int encoded = 0;
        int lowestJump = position;
        while (true)
        {
            if (position >= message.Length)
            {
                return false;
            }

            byte length = message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= message.Length)
                {
                    return false;
                }

                int target = ((length & 0x3F) << 8) | message[position + 1];
                if (target >= lowestJump)
                {
                    return false; // only strictly backwards: no loops
                }

                if (end < 0)
                {
                    end = position + 2;
                }

                lowestJump = target;
                position = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                return false; // 0x40 and 0x80 label types are reserved
            }

            encoded += 1 + length;
            if (encoded > MaxEncodedLength)
            {
                return false;
            }

            if (length == 0)
            {
                position++;
                break;
            }

            if (position + 1 + length > message.Length)
            {
                return false;
            }

            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Encoding.UTF8.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }

        offset = end >= 0 ? end : position;
        name = builder.ToString();
        return true;
    }

    private static string Trim(string name) => name.EndsWith('.') ? name[..^1] : name;
}

using System.Buffers.Binary;
using System.Net;
using System.Text;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;

namespace Jingle.Net.Xmpp;

/// <summary>
/// A minimal DNS SRV client (RFC 1035 over UDP, RFC 2782 records) for <c>_xmpp-client._tcp</c> lookups: one
/// question, a random 16-bit id that the answer must echo from the server we asked, compression pointers
/// followed with a hop limit, records sorted by priority then weight.
/// </summary>
internal sealed class DnsSrvResolver(JingleEnvironment env)
{
    private const ushort TypeSrv = 33;

    /// <summary>The first <c>nameserver</c> in /etc/resolv.conf, or null.</summary>
    public static IPEndPoint? SystemDnsServer()
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/resolv.conf"))
            {
                string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[0] == "nameserver" && IPAddress.TryParse(parts[1], out IPAddress? address))
                {
                    return new IPEndPoint(address, 53);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Queries SRV records; an empty list when there are none, the server fails, or it times out.</summary>
    public async Task<IReadOnlyList<SrvRecord>> QueryAsync(string name, IPEndPoint server, TimeSpan timeout)
    {
        ushort id = (ushort)env.Random.Next(65536);
        byte[] query = BuildQuery(id, name);
        var answer = new TaskCompletionSource<IReadOnlyList<SrvRecord>>(TaskCreationOptions.RunContinuationsAsynchronously);
        IPAddress local = IPAddress.IsLoopback(server.Address) ? server.Address : (server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
        await using IUdpSocket socket = env.SocketFactory.BindUdp(new IPEndPoint(local, 0));
        socket.Start((_, packet, remote, _) =>
        {
            if (remote.Equals(server) && TryParseResponse(packet, id, out List<SrvRecord>? records))
            {
                answer.TrySetResult(records);
            }
        });
        socket.SendTo(query, server);
        try
        {
            return await answer.Task.WaitAsync(timeout, env.TimeProvider);
        }
        catch (TimeoutException)
        {
            return [];
        }
    }

    internal static byte[] BuildQuery(ushort id, string name)
    {
        var bytes = new List<byte>(64);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        bytes.AddRange(header.ToArray());
        foreach (string label in name.TrimEnd('.').Split('.'))
        {
            byte[] l = Encoding.ASCII.GetBytes(label);
            if (l.Length is 0 or > 63)
            {
                throw new ArgumentException("Bad DNS name.", nameof(name));
            }

            bytes.Add((byte)l.Length);
            bytes.AddRange(l);
        }

        bytes.AddRange([0, 0, (byte)TypeSrv, 0, 1]);
        return [.. bytes];
    }

    /// <summary>Parses a response; false for anything malformed or not the answer to <paramref name="id"/>.</summary>
    internal static bool TryParseResponse(ReadOnlySpan<byte> packet, ushort id, out List<SrvRecord> records)
    {
        records = [];
        if (packet.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(packet) != id || (packet[2] & 0x80) == 0)
        {
            return false;
        }

        int rcode = packet[3] & 0x0F;
        int qd = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int an = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        int pos = 12;
        for (int i = 0; i < qd; i++)
        {
            if (!TryReadName(packet, ref pos, out _) || pos + 4 > packet.Length)
            {
                return false;
            }

            pos += 4;
        }

        if (rcode != 0)
        {
            return true;
        }

        for (int i = 0; i < an; i++)
        {
            if (!TryReadName(packet, ref pos, out _) || pos + 10 > packet.Length)
            {
                return false;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]);
            int rdLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 8)..]);
            pos += 10;
            if (pos + rdLength > packet.Length)
            {
                return false;
            }

            if (type == TypeSrv && rdLength >= 7)
            {
                int p = pos + 6;
                if (!TryReadName(packet, ref p, out string target))
                {
                    return false;
                }

                records.Add(new SrvRecord(BinaryPrimitives.ReadUInt16BigEndian(packet[pos..]), BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 2)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(packet[(pos + 4)..]), target));
            }

            pos += rdLength;
        }

        // RFC 2782: a single record with target "." means the service is decidedly not available.
        records.RemoveAll(r => r.Target.Length == 0);
        records.Sort((a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : b.Weight.CompareTo(a.Weight));
        return true;
    }

    private static bool TryReadName(ReadOnlySpan<byte> packet, ref int pos, out string name)
    {
        var sb = new StringBuilder();
        int p = pos;
        bool jumped = false;
        for (int hops = 0; hops < 64; hops++)
        {
            if (p >= packet.Length)
            {
                break;
            }

            byte len = packet[p];
            if (len == 0)
            {
                if (!jumped)
                {
                    pos = p + 1;
                }

                name = sb.ToString();
                return true;
            }

            if ((len & 0xC0) == 0xC0)
            {
                if (p + 1 >= packet.Length)
                {
                    break;
                }

                int target = ((len & 0x3F) << 8) | packet[p + 1];
                if (!jumped)
                {
                    pos = p + 2;
                }

                jumped = true;
                p = target;
                continue;
            }

            if ((len & 0xC0) != 0 || p + 1 + len > packet.Length)
            {
                break;
            }

            if (sb.Length > 0)
            {
                sb.Append('.');
            }

            sb.Append(Encoding.ASCII.GetString(packet.Slice(p + 1, len)));
            p += 1 + len;
        }

        name = string.Empty;
        return false;
    }
}

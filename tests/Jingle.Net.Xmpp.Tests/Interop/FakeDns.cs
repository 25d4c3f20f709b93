namespace Jingle.Net.Xmpp.Tests.Interop;

/// <summary>Builds a DNS answer with one SRV record for a received query (a fake DNS responder on loopback).</summary>
internal static class FakeDns
{
    public static byte[] SrvAnswer(byte[] query, ushort priority, ushort weight, ushort port, string target)
    {
        var bytes = new List<byte>(query);
        bytes[2] = 0x81;
        bytes[3] = 0x80;
        bytes[6] = 0;
        bytes[7] = 1;
        bytes.AddRange([0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 60]);
        var rdata = new List<byte> { (byte)(priority >> 8), (byte)priority, (byte)(weight >> 8), (byte)weight, (byte)(port >> 8), (byte)port };
        foreach (string label in target.Split('.'))
        {
            rdata.Add((byte)label.Length);
            rdata.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }

        rdata.Add(0);
        bytes.Add((byte)(rdata.Count >> 8));
        bytes.Add((byte)rdata.Count);
        bytes.AddRange(rdata);
        return [.. bytes];
    }
}

namespace Jingle.Net.Rtp.Tests;

internal static class TestHex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}

using System.Net;
using System.Text.RegularExpressions;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Testing;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// DTLS-SRTP handshakes against an independent implementation: OpenSSL's <c>s_server</c> / <c>s_client</c> over real
/// UDP on 127.0.0.1, checking that both sides export the same RFC 5764 keying material.
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed partial class OpenSslDtlsInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData("SRTP_AES128_CM_SHA1_32", SrtpProtectionProfile.Aes128CmHmacSha1_32)]
    [InlineData("SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes128Gcm)]
    [InlineData("SRTP_AEAD_AES_256_GCM", SrtpProtectionProfile.AeadAes256Gcm)]
    public async Task OurClient_OpenSslServer_ExportSameKeys(string opensslProfile, SrtpProtectionProfile profile)
    {
        using var dir = OpenSslTempDir.ForPeer();
        int port = FreePort.Get();
        int length = profile.GetKeyingMaterialLength();
        await using ExternalProcess server = ExternalProcess.Start(dir.Openssl,
        [
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", dir.Cert, "-key", dir.Key,
            "-use_srtp", opensslProfile, "-keymatexport", DtlsSrtpKeyingMaterial.ExporterLabel,
            "-keymatexportlen", length.ToString(System.Globalization.CultureInfo.InvariantCulture), "-Verify", "1", "-naccept", "1",
        ], dir.Path);
        await server.WaitForOutputAsync("ACCEPT", Timeout);

        await using var side = await DtlsUdpSide.CreateAsync(new IPEndPoint(IPAddress.Loopback, port), dir.Ours, profile, requireSrtp: true);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, dir.Theirs.GetFingerprint()));
        await side.WaitForAsync(DtlsTransportState.Connected);

        await server.WaitForOutputAsync("Keying material: ", Timeout);
        using DtlsSrtpKeyingMaterial keys = await side.Owner.InvokeAsync(side.Dtls.GetSrtpKeyingMaterial);
        Assert.Equal(profile, side.Dtls.SrtpProfile);
        Assert.Equal(ExportedKeyingMaterial(server.Output), Convert.ToHexString(keys.Material));
        Assert.Contains($"SRTP Extension negotiated, profile={opensslProfile}", server.Output, StringComparison.Ordinal);

        Assert.True(await side.Owner.InvokeAsync(() => side.Dtls.Send("hello from jingle\n"u8)));
        await server.WaitForOutputAsync("hello from jingle", Timeout);
        await side.Owner.InvokeAsync(side.Dtls.Close); // close_notify: s_server -naccept 1 exits
        Assert.Equal(0, await server.WaitForExitAsync(Timeout));
    }

    [Theory]
    [InlineData("SRTP_AES128_CM_SHA1_80", SrtpProtectionProfile.Aes128CmHmacSha1_80)]
    [InlineData("SRTP_AEAD_AES_128_GCM", SrtpProtectionProfile.AeadAes128Gcm)]
    public async Task OpenSslClient_OurServer_ExportSameKeys(string opensslProfile, SrtpProtectionProfile profile)
    {
        using var dir = OpenSslTempDir.ForPeer();
        await using var side = await DtlsUdpSide.CreateAsync(remote: null, dir.Ours, profile, requireSrtp: true);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Server, dir.Theirs.GetFingerprint()));
        int length = profile.GetKeyingMaterialLength();
        await using ExternalProcess client = ExternalProcess.Start(dir.Openssl,
        [
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{side.Udp.LocalEndPoint.Port}", "-cert", dir.Cert, "-key", dir.Key,
            "-use_srtp", opensslProfile, "-keymatexport", DtlsSrtpKeyingMaterial.ExporterLabel,
            "-keymatexportlen", length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ], dir.Path);
        await side.WaitForAsync(DtlsTransportState.Connected);
        await client.WaitForOutputAsync("Keying material: ", Timeout);
        using DtlsSrtpKeyingMaterial keys = await side.Owner.InvokeAsync(side.Dtls.GetSrtpKeyingMaterial);
        Assert.Equal(ExportedKeyingMaterial(client.Output), Convert.ToHexString(keys.Material));
        Assert.Equal(dir.Theirs.RawData.ToArray(), side.Dtls.RemoteCertificate.ToArray());

        Assert.True(await side.Owner.InvokeAsync(() => side.Dtls.Send("hello from jingle server\n"u8)));
        await client.WaitForOutputAsync("hello from jingle server", Timeout);
        await side.Owner.InvokeAsync(side.Dtls.Close);
        await client.WaitForExitAsync(Timeout);
    }

    [Fact]
    public async Task OpenSslServer_WithAnotherCertificate_FailsOnTheFingerprint()
    {
        using var dir = OpenSslTempDir.ForPeer();
        using RtcCertificate signaled = RtcCertificate.Generate();
        int port = FreePort.Get();
        await using ExternalProcess server = ExternalProcess.Start(dir.Openssl,
            ["s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", dir.Cert, "-key", dir.Key, "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-naccept", "1"],
            dir.Path);
        await server.WaitForOutputAsync("ACCEPT", Timeout);
        await using var side = await DtlsUdpSide.CreateAsync(new IPEndPoint(IPAddress.Loopback, port), dir.Ours, requireSrtp: true);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, signaled.GetFingerprint()));
        await side.WaitForAsync(DtlsTransportState.Failed);
        Assert.Equal(DtlsErrorReason.FingerprintMismatch, side.Dtls.Error!.Reason);
        // s_server reports our fatal alert and exits (-naccept 1). Wait for the exit, which also waits for its output
        // to be read to the end: WaitForOutputAsync can see the exit before the last lines arrive.
        await server.WaitForExitAsync(Timeout);
        Assert.Contains("bad certificate", server.Output, StringComparison.Ordinal);
    }

    private static string ExportedKeyingMaterial(string output)
    {
        Match m = KeyingMaterialLine().Match(output);
        Assert.True(m.Success, "openssl printed no keying material:\n" + output);
        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"Keying material: ([0-9A-F]+)")]
    private static partial Regex KeyingMaterialLine();
}

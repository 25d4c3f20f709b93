using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Jingle.Net.Base;
using Jingle.Net.Base.Sockets;
using Jingle.Net.Base.Threading;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;
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
        string openssl = Requires.Program("openssl", "Debian package openssl");
        using var dir = new TempDir();
        using RtcCertificate ours = RtcCertificate.Generate();
        using RtcCertificate theirs = RtcCertificate.Generate();
        (string certPath, string keyPath) = dir.WritePem("openssl", theirs);
        int port = FreePort.Get();
        int length = profile.GetKeyingMaterialLength();
        await using ExternalProcess server = ExternalProcess.Start(openssl,
        [
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", certPath, "-key", keyPath,
            "-use_srtp", opensslProfile, "-keymatexport", DtlsSrtpKeyingMaterial.ExporterLabel,
            "-keymatexportlen", length.ToString(System.Globalization.CultureInfo.InvariantCulture), "-Verify", "1", "-naccept", "1",
        ], dir.Path);
        await server.WaitForOutputAsync("ACCEPT", Timeout);

        await using var side = await OurSide.CreateAsync(ours, new IPEndPoint(IPAddress.Loopback, port), profile);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, theirs.GetFingerprint()));
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
        string openssl = Requires.Program("openssl", "Debian package openssl");
        using var dir = new TempDir();
        using RtcCertificate ours = RtcCertificate.Generate();
        using RtcCertificate theirs = RtcCertificate.Generate();
        (string certPath, string keyPath) = dir.WritePem("openssl", theirs);
        await using var side = await OurSide.CreateAsync(ours, remote: null, profile);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Server, theirs.GetFingerprint()));
        int length = profile.GetKeyingMaterialLength();
        await using ExternalProcess client = ExternalProcess.Start(openssl,
        [
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{side.Udp.LocalEndPoint.Port}", "-cert", certPath, "-key", keyPath,
            "-use_srtp", opensslProfile, "-keymatexport", DtlsSrtpKeyingMaterial.ExporterLabel,
            "-keymatexportlen", length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ], dir.Path);
        await side.WaitForAsync(DtlsTransportState.Connected);
        await client.WaitForOutputAsync("Keying material: ", Timeout);
        using DtlsSrtpKeyingMaterial keys = await side.Owner.InvokeAsync(side.Dtls.GetSrtpKeyingMaterial);
        Assert.Equal(ExportedKeyingMaterial(client.Output), Convert.ToHexString(keys.Material));
        Assert.Equal(theirs.RawData.ToArray(), side.Dtls.RemoteCertificate.ToArray());

        Assert.True(await side.Owner.InvokeAsync(() => side.Dtls.Send("hello from jingle server\n"u8)));
        await client.WaitForOutputAsync("hello from jingle server", Timeout);
        await side.Owner.InvokeAsync(side.Dtls.Close);
        await client.WaitForExitAsync(Timeout);
    }

    [Fact]
    public async Task OpenSslServer_WithAnotherCertificate_FailsOnTheFingerprint()
    {
        string openssl = Requires.Program("openssl", "Debian package openssl");
        using var dir = new TempDir();
        using RtcCertificate ours = RtcCertificate.Generate();
        using RtcCertificate theirs = RtcCertificate.Generate();
        using RtcCertificate signaled = RtcCertificate.Generate();
        (string certPath, string keyPath) = dir.WritePem("openssl", theirs);
        int port = FreePort.Get();
        await using ExternalProcess server = ExternalProcess.Start(openssl,
            ["s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", certPath, "-key", keyPath, "-use_srtp", "SRTP_AES128_CM_SHA1_80", "-naccept", "1"],
            dir.Path);
        await server.WaitForOutputAsync("ACCEPT", Timeout);
        await using var side = await OurSide.CreateAsync(ours, new IPEndPoint(IPAddress.Loopback, port), SrtpProtectionProfile.Aes128CmHmacSha1_80);
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

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("jingle-dtls-").FullName;

        public (string Cert, string Key) WritePem(string name, RtcCertificate certificate)
        {
            string cert = System.IO.Path.Combine(Path, name + ".crt");
            string key = System.IO.Path.Combine(Path, name + ".key");
            File.WriteAllText(cert, certificate.Certificate.ExportCertificatePem());
            File.WriteAllText(key, certificate.Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            return (cert, key);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private sealed class OurSide : IAsyncDisposable
    {
        private OurSide(RtcThread owner, UdpPacketTransport udp, DtlsTransport dtls)
        {
            Owner = owner;
            Udp = udp;
            Dtls = dtls;
        }

        public RtcThread Owner { get; }

        public UdpPacketTransport Udp { get; }

        public DtlsTransport Dtls { get; }

        public static async Task<OurSide> CreateAsync(RtcCertificate certificate, IPEndPoint? remote, SrtpProtectionProfile profile)
        {
            JingleEnvironment env = JingleEnvironment.CreateDefault();
            var owner = new RtcThread("openssl-interop");
            return await owner.InvokeAsync(() =>
            {
                IUdpSocket socket = env.SocketFactory.BindUdp(new IPEndPoint(IPAddress.Loopback, 0), new UdpSocketOptions { DeliveryThread = owner });
                var udp = new UdpPacketTransport(socket, remote);
                var dtls = new DtlsTransport(env, udp, new DtlsTransportOptions
                {
                    Certificate = certificate,
                    OwnerThread = owner,
                    SrtpProfiles = [profile],
                    RequireSrtp = true,
                    InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
                });
                return new OurSide(owner, udp, dtls);
            });
        }

        public Task WaitForAsync(DtlsTransportState state) => DtlsTestPair.WaitUntilAsync(() => Dtls.State == state,
            $"DTLS {state} (now {Dtls.State} {Dtls.Error})", Timeout);

        public async ValueTask DisposeAsync()
        {
            await Owner.InvokeAsync(async () =>
            {
                await Dtls.DisposeAsync();
                await Udp.DisposeAsync();
            });
            await Owner.DisposeAsync();
        }
    }
}

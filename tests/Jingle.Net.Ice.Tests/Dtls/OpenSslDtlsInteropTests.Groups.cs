using System.Globalization;
using System.Net;
using Jingle.Net.Ice.Dtls;
using Jingle.Net.Testing;
using NamedGroup = Org.BouncyCastle.Tls.NamedGroup;

namespace Jingle.Net.Ice.Tests.Dtls;

/// <summary>
/// ECDHE on each group against OpenSSL, both roles: OpenSSL is told which group it may use (<c>-groups</c>), so the
/// handshake runs our .NET agreement on P-256 / P-384 (and libcrypto's on X25519) against an independent one.
/// Our ECDSA signatures are checked by OpenSSL and OpenSSL's by ours in every one of them. P-256 stays in OpenSSL's
/// list after the group under test: in TLS 1.2 it also limits the curves of the peer's ECDSA certificate
/// ("wrong curve"); <c>-serverpref</c> makes s_server pick the first of its list, s_client lists it first.
/// </summary>
public sealed partial class OpenSslDtlsInteropTests
{
    [Theory]
    [InlineData("P-256", NamedGroup.secp256r1)]
    [InlineData("P-384:P-256", NamedGroup.secp384r1)]
    [InlineData("X25519:P-256", NamedGroup.x25519)]
    public async Task OurClient_OpenSslServerOnOneGroup_ExportSameKeys(string opensslGroup, int group)
    {
        using var dir = OpenSslTempDir.ForPeer();
        (string openssl, RtcCertificate ours, RtcCertificate theirs) = (dir.Openssl, dir.Ours, dir.Theirs);
        (string certPath, string keyPath) = (dir.Cert, dir.Key);
        int port = FreePort.Get();
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm;
        await using ExternalProcess server = ExternalProcess.Start(openssl,
        [
            "s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-cert", certPath, "-key", keyPath, "-groups", opensslGroup,
            "-serverpref", "-use_srtp", "SRTP_AEAD_AES_128_GCM", "-keymatexport", DtlsSrtpKeyingMaterial.ExporterLabel,
            "-keymatexportlen", profile.GetKeyingMaterialLength().ToString(CultureInfo.InvariantCulture), "-Verify", "1", "-naccept", "1",
        ], dir.Path);
        await server.WaitForOutputAsync("ACCEPT", Timeout);

        await using var side = await DtlsUdpSide.CreateAsync(new IPEndPoint(IPAddress.Loopback, port), ours, profile, requireSrtp: true);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, theirs.GetFingerprint()));
        await side.WaitForAsync(DtlsTransportState.Connected);

        Assert.Equal(group, side.Dtls.KeyExchangeGroup);
        Assert.Equal(group == NamedGroup.x25519 && LibCryptoX25519.IsAvailable, side.Dtls.KeyExchangeOnLibCrypto);
        await server.WaitForOutputAsync("Keying material: ", Timeout);
        using DtlsSrtpKeyingMaterial keys = await side.Owner.InvokeAsync(side.Dtls.GetSrtpKeyingMaterial);
        Assert.Equal(ExportedKeyingMaterial(server.Output), Convert.ToHexString(keys.Material));
        Assert.True(await side.Owner.InvokeAsync(() => side.Dtls.Send("hello over the agreed group\n"u8)));
        await server.WaitForOutputAsync("hello over the agreed group", Timeout);
        await side.Owner.InvokeAsync(side.Dtls.Close);
        Assert.Equal(0, await server.WaitForExitAsync(Timeout));
    }

    [Theory]
    [InlineData("P-256", NamedGroup.secp256r1)]
    [InlineData("P-384:P-256", NamedGroup.secp384r1)]
    [InlineData("X25519:P-256", NamedGroup.x25519)]
    public async Task OpenSslClientOnOneGroup_OurServer_ExportSameKeys(string opensslGroup, int group)
    {
        using var dir = OpenSslTempDir.ForPeer();
        (string openssl, RtcCertificate ours, RtcCertificate theirs) = (dir.Openssl, dir.Ours, dir.Theirs);
        (string certPath, string keyPath) = (dir.Cert, dir.Key);
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm;
        await using var side = await DtlsUdpSide.CreateAsync(remote: null, ours, profile, requireSrtp: true);
        await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Server, theirs.GetFingerprint()));
        await using ExternalProcess client = ExternalProcess.Start(openssl,
        [
            "s_client", "-dtls1_2", "-connect", $"127.0.0.1:{side.Udp.LocalEndPoint.Port}", "-cert", certPath, "-key", keyPath,
            "-groups", opensslGroup, "-use_srtp", "SRTP_AEAD_AES_128_GCM", "-keymatexport", DtlsSrtpKeyingMaterial.ExporterLabel,
            "-keymatexportlen", profile.GetKeyingMaterialLength().ToString(CultureInfo.InvariantCulture),
        ], dir.Path);
        await side.WaitForAsync(DtlsTransportState.Connected);

        Assert.Equal(group, side.Dtls.KeyExchangeGroup);
        Assert.Equal(group == NamedGroup.x25519 && LibCryptoX25519.IsAvailable, side.Dtls.KeyExchangeOnLibCrypto);
        await client.WaitForOutputAsync("Keying material: ", Timeout);
        using DtlsSrtpKeyingMaterial keys = await side.Owner.InvokeAsync(side.Dtls.GetSrtpKeyingMaterial);
        Assert.Equal(ExportedKeyingMaterial(client.Output), Convert.ToHexString(keys.Material));
        Assert.True(await side.Owner.InvokeAsync(() => side.Dtls.Send("hello from the server\n"u8)));
        await client.WaitForOutputAsync("hello from the server", Timeout);
        await side.Owner.InvokeAsync(side.Dtls.Close);
        await client.WaitForExitAsync(Timeout);
    }

    /// <summary>
    /// Without P-256 in OpenSSL's list, TLS 1.2 OpenSSL refuses our P-256 ECDSA key ("wrong curve") with a fatal
    /// alert: our side fails at that alert, naming it, instead of waiting out the handshake timeout (60 s; the test
    /// waits at most 20).
    /// </summary>
    [Theory]
    [InlineData(DtlsRole.Client, "X25519")]
    [InlineData(DtlsRole.Server, "X25519")]
    [InlineData(DtlsRole.Client, "P-384")]
    [InlineData(DtlsRole.Server, "P-384")]
    public async Task OpenSslWithoutP256_RefusesOurCertificate_OurSideFailsAtItsAlert(DtlsRole ourRole, string opensslGroups)
    {
        using var dir = OpenSslTempDir.ForPeer();
        const SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm;
        int port = FreePort.Get();
        string[] common = ["-dtls1_2", "-cert", dir.Cert, "-key", dir.Key, "-groups", opensslGroups, "-use_srtp", "SRTP_AEAD_AES_128_GCM"];
        await using var side = await DtlsUdpSide.CreateAsync(ourRole == DtlsRole.Client ? new IPEndPoint(IPAddress.Loopback, port) : null,
            dir.Ours, profile, requireSrtp: true);
        ExternalProcess peer;
        if (ourRole == DtlsRole.Client)
        {
            peer = ExternalProcess.Start(dir.Openssl, ["s_server", "-accept", $"127.0.0.1:{port}", "-Verify", "1", "-naccept", "1", .. common], dir.Path);
            await peer.WaitForOutputAsync("ACCEPT", Timeout);
            await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Client, dir.Theirs.GetFingerprint()));
        }
        else
        {
            await side.Owner.InvokeAsync(() => side.Dtls.Start(DtlsRole.Server, dir.Theirs.GetFingerprint()));
            peer = ExternalProcess.Start(dir.Openssl, ["s_client", "-connect", $"127.0.0.1:{side.Udp.LocalEndPoint.Port}", .. common], dir.Path);
        }

        await using (peer)
        {
            await side.WaitForAsync(DtlsTransportState.Failed);
            DtlsTransportError error = side.Dtls.Error!;
            Assert.Equal(DtlsErrorReason.FatalAlertReceived, error.Reason);
            Assert.NotNull(error.AlertDescription);
            Assert.Contains(Org.BouncyCastle.Tls.AlertDescription.GetText(error.AlertDescription!.Value), error.Message, StringComparison.Ordinal);
            // OpenSSL prints its reason around the time it sends the alert: wait for the line rather than race it.
            await peer.WaitForOutputAsync("wrong curve", Timeout);
        }
    }
}

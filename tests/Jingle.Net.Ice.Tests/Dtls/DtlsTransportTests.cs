using Jingle.Net.Ice.Dtls;
using Jingle.Net.Ice.Transport;

namespace Jingle.Net.Ice.Tests.Dtls;

public sealed class DtlsTransportTests
{
    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Handshake_BothRoles_ExportsEqualKeys_AgreesProfile_AndCarriesDataBothWays(DtlsRole roleOfA)
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        await t.StartBothAsync(roleOfA);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);

        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, t.A.SrtpProfile);
        Assert.Equal(SrtpProtectionProfile.AeadAes128Gcm, t.B.SrtpProfile);
        using DtlsSrtpKeyingMaterial keysA = await t.Owner.InvokeAsync(t.A.GetSrtpKeyingMaterial);
        using DtlsSrtpKeyingMaterial keysB = await t.Owner.InvokeAsync(t.B.GetSrtpKeyingMaterial);
        Assert.Equal(56, keysA.Material.Length);
        Assert.Equal(keysA.Material.ToArray(), keysB.Material.ToArray());
        Assert.Equal(keysA.LocalMasterKey.ToArray(), keysB.RemoteMasterKey.ToArray());
        Assert.Equal(keysA.LocalMasterSalt.ToArray(), keysB.RemoteMasterSalt.ToArray());
        Assert.NotEqual(keysA.LocalMasterKey.ToArray(), keysA.RemoteMasterKey.ToArray());
        Assert.Equal(t.CertificateB.RawData.ToArray(), t.A.RemoteCertificate.ToArray());
        Assert.Equal(t.CertificateA.RawData.ToArray(), t.B.RemoteCertificate.ToArray());
        Assert.Equal(t.A.CipherSuite, t.B.CipherSuite);

        byte[] toB = [.. Enumerable.Range(0, 1200).Select(i => (byte)i)];
        byte[] toA = [.. Enumerable.Range(0, 300).Select(i => (byte)(255 - i))];
        Assert.True(await t.SendFromAAsync(toB));
        Assert.True(await t.SendFromBAsync(toA));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByA.Count == 1 && t.ReceivedByB.Count == 1, "application data");
        Assert.Equal(toB, t.ReceivedByB.Single());
        Assert.Equal(toA, t.ReceivedByA.Single());
        Assert.Equal(0, t.A.HandshakeRetransmitCount + t.B.HandshakeRetransmitCount);
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task WrongFingerprint_FailsBothSides_WithClearError_NoKeys_NoData(DtlsRole roleOfB)
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        using RtcCertificate stranger = RtcCertificate.Generate();
        await t.StartAAsync(roleOfB == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client);
        await t.StartBAsync(roleOfB, stranger.GetFingerprint()); // B expects someone else
        await t.WaitForStatesAsync(DtlsTransportState.Failed, DtlsTransportState.Failed);

        Assert.Equal(DtlsErrorReason.FingerprintMismatch, t.B.Error!.Reason);
        Assert.Contains(stranger.GetFingerprint().ToString(), t.B.Error.Message, StringComparison.Ordinal);
        Assert.Equal(DtlsErrorReason.FatalAlertReceived, t.A.Error!.Reason);
        Assert.Equal((byte)42, t.A.Error.AlertDescription); // bad_certificate
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Owner.InvokeAsync(t.A.GetSrtpKeyingMaterial));
        await Assert.ThrowsAsync<InvalidOperationException>(() => t.Owner.InvokeAsync(t.B.GetSrtpKeyingMaterial));
        Assert.False(await t.SendFromAAsync([1, 2, 3]));
        Assert.False(await t.SendFromBAsync([1, 2, 3]));
        Assert.Empty(t.ReceivedByA);
        Assert.Empty(t.ReceivedByB);
    }

    [Fact]
    public async Task ErrorOccurred_IsRaisedOnTheOwnerThread_BeforeFailed()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        using RtcCertificate stranger = RtcCertificate.Generate();
        var seen = new List<string>();
        await t.Owner.InvokeAsync(() =>
        {
            t.A.ErrorOccurred += (_, e) => seen.Add($"error:{e.Reason}:{t.Owner.IsCurrent}");
            t.A.StateChanged += (_, s) => seen.Add($"state:{s}:{t.Owner.IsCurrent}");
        });
        await t.StartAAsync(DtlsRole.Client, stranger.GetFingerprint());
        await t.StartBAsync(DtlsRole.Server);
        await DtlsTestPair.WaitUntilAsync(() => t.A.State == DtlsTransportState.Failed, "A failed");
        await t.Owner.InvokeAsync(() => { });
        Assert.Equal(["state:Connecting:True", "error:FingerprintMismatch:True", "state:Failed:True"], seen);
    }

    [Fact]
    public async Task HandshakeTimeout_RunsOnTheInjectedClock()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            c => new DtlsTransportOptions { Certificate = c, HandshakeTimeout = TimeSpan.FromSeconds(30) });
        t.Pair.First.DropFilter = _ => true; // nothing A sends arrives
        await t.StartAAsync(DtlsRole.Client);
        await DtlsTestPair.WaitUntilAsync(() => t.Pair.First.LostCount >= 1, "the ClientHello");
        await Task.Delay(100);
        Assert.Equal(DtlsTransportState.Connecting, t.A.State); // 30 s have not passed on the fake clock
        t.Time.Advance(TimeSpan.FromSeconds(31));
        await DtlsTestPair.WaitUntilAsync(() => t.A.State == DtlsTransportState.Failed, "the handshake timeout");
        Assert.Equal(DtlsErrorReason.HandshakeTimeout, t.A.Error!.Reason);
    }

    [Fact]
    public async Task PacketsArrivingBeforeStart_AreKept()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        await t.StartAAsync(DtlsRole.Client);
        await DtlsTestPair.WaitUntilAsync(() => t.Pair.Second.ReceivedCount >= 1, "the ClientHello to reach B before B starts");
        Assert.Equal(DtlsTransportState.New, t.B.State);
        await t.StartBAsync(DtlsRole.Server);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Assert.Equal(0, t.A.HandshakeRetransmitCount); // the queued ClientHello was used: the fake clock never moved
        Assert.Equal(0, t.B.DroppedPacketCount);
    }

    [Fact]
    public async Task NotWritable_HoldsTheFlights_UntilWritableStateChanged()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(initiallyWritable: false);
        await t.StartBothAsync(DtlsRole.Client);
        await Task.Delay(200);
        Assert.Equal(0, t.Pair.First.SentCount + t.Pair.First.RefusedCount + t.Pair.Second.SentCount + t.Pair.Second.RefusedCount);
        Assert.False(t.A.IsWritable);
        await t.Owner.InvokeAsync(() =>
        {
            t.Pair.First.SetWritable(true);
            t.Pair.Second.SetWritable(true);
        });
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Assert.True(await t.Owner.InvokeAsync(() => t.A.IsWritable));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DisjointSrtpProfiles_NoSrtp_OrAClearErrorWhenRequired(bool requireSrtp)
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            c => new DtlsTransportOptions { Certificate = c, SrtpProfiles = [SrtpProtectionProfile.Aes128CmHmacSha1_80], RequireSrtp = requireSrtp },
            c => new DtlsTransportOptions { Certificate = c, SrtpProfiles = [SrtpProtectionProfile.AeadAes256Gcm], RequireSrtp = requireSrtp });
        await t.StartBothAsync(DtlsRole.Client);
        if (!requireSrtp)
        {
            // RFC 5764 §4.1.1: the server leaves use_srtp out; DTLS (for SCTP) still works.
            await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
            Assert.Equal(SrtpProtectionProfile.None, t.A.SrtpProfile);
            Assert.Equal(SrtpProtectionProfile.None, t.B.SrtpProfile);
            InvalidOperationException e = await Assert.ThrowsAsync<InvalidOperationException>(() => t.Owner.InvokeAsync(t.A.GetSrtpKeyingMaterial));
            Assert.Contains("No SRTP protection profile", e.Message, StringComparison.Ordinal);
        }
        else
        {
            await t.WaitForStatesAsync(DtlsTransportState.Failed, DtlsTransportState.Failed);
            Assert.Equal(DtlsErrorReason.NoCommonSrtpProfile, t.B.Error!.Reason); // the server decides
            Assert.Contains("SRTP_AES128_CM_HMAC_SHA1_80", t.B.Error.Message, StringComparison.Ordinal);
            Assert.Equal(DtlsErrorReason.FatalAlertReceived, t.A.Error!.Reason);
            Assert.Equal((byte)40, t.A.Error.AlertDescription); // handshake_failure
        }
    }

    [Theory]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_80, 60)]
    [InlineData(SrtpProtectionProfile.Aes128CmHmacSha1_32, 60)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, 88)]
    public async Task EachProfile_IsNegotiated_WithItsKeyingMaterialLength(SrtpProtectionProfile profile, int length)
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            c => new DtlsTransportOptions { Certificate = c },
            c => new DtlsTransportOptions { Certificate = c, SrtpProfiles = [profile] });
        await t.StartBothAsync(DtlsRole.Client);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Assert.Equal(profile, t.A.SrtpProfile);
        using DtlsSrtpKeyingMaterial a = await t.Owner.InvokeAsync(t.A.GetSrtpKeyingMaterial);
        using DtlsSrtpKeyingMaterial b = await t.Owner.InvokeAsync(t.B.GetSrtpKeyingMaterial);
        Assert.Equal(length, a.Material.Length);
        Assert.Equal(a.Material.ToArray(), b.Material.ToArray());
    }

    [Fact]
    public async Task ServerPicksItsMostPreferredProfileThatTheClientOffered()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            c => new DtlsTransportOptions { Certificate = c, SrtpProfiles = [SrtpProtectionProfile.Aes128CmHmacSha1_32, SrtpProtectionProfile.Aes128CmHmacSha1_80] },
            c => new DtlsTransportOptions { Certificate = c, SrtpProfiles = [SrtpProtectionProfile.AeadAes256Gcm, SrtpProtectionProfile.Aes128CmHmacSha1_80, SrtpProtectionProfile.Aes128CmHmacSha1_32] });
        await t.StartBothAsync(DtlsRole.Client);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Assert.Equal(SrtpProtectionProfile.Aes128CmHmacSha1_80, t.A.SrtpProfile);
        Assert.Equal(SrtpProtectionProfile.Aes128CmHmacSha1_80, t.B.SrtpProfile);
    }

    [Fact]
    public async Task Rsa2048Certificates_Handshake()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            _ => new DtlsTransportOptions { Certificate = RtcCertificate.Generate(RtcKeyType.Rsa2048) });
        await t.Owner.InvokeAsync(() => t.A.Start(DtlsRole.Server, t.CertificateB.GetFingerprint()));
        await t.Owner.InvokeAsync(() => t.B.Start(DtlsRole.Client, t.A.LocalCertificate.GetFingerprint("sha-512")));
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Assert.Equal(Org.BouncyCastle.Tls.CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, t.A.CipherSuite);
        t.A.LocalCertificate.Dispose();
    }

    [Fact]
    public async Task CloseNotify_ClosesThePeer()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        await t.StartBothAsync(DtlsRole.Client);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        await t.Owner.InvokeAsync(t.A.Close);
        await t.WaitForStatesAsync(DtlsTransportState.Closed, DtlsTransportState.Closed);
        Assert.Null(t.A.Error);
        Assert.Null(t.B.Error);
        Assert.False(await t.SendFromBAsync([1]));
        Assert.False(await t.SendFromAAsync([1]));
    }

    [Fact]
    public async Task DisposeAsync_LeavesNoThreadBehind()
    {
        DtlsTestPair t = await DtlsTestPair.CreateAsync();
        await t.StartBothAsync(DtlsRole.Client);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Thread a = t.A.ProtocolThread!;
        Thread b = t.B.ProtocolThread!;
        Assert.True(a.IsAlive && b.IsAlive);
        await t.DisposeAsync();
        Assert.True(a.Join(TimeSpan.FromSeconds(5)) && b.Join(TimeSpan.FromSeconds(5)));
        Assert.False(a.IsAlive);
        Assert.False(b.IsAlive);
        Assert.Equal(DtlsTransportState.Closed, t.A.State);
    }

    [Fact]
    public async Task DisposeAsync_DuringTheHandshake_LeavesNoThreadBehind()
    {
        DtlsTestPair t = await DtlsTestPair.CreateAsync();
        t.Pair.First.DropFilter = _ => true;
        await t.StartBothAsync(DtlsRole.Client);
        await DtlsTestPair.WaitUntilAsync(() => t.Pair.First.LostCount >= 1, "a ClientHello");
        Thread a = t.A.ProtocolThread!;
        Thread b = t.B.ProtocolThread!;
        await t.DisposeAsync();
        Assert.False(a.IsAlive);
        Assert.False(b.IsAlive);
    }

    [Fact]
    public async Task Rfc7983_Demux_RoutesByFirstByte()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        var srtp = new List<byte[]>();
        await t.Owner.InvokeAsync(() => t.B.SrtpPacketReceived += (_, p, _) => srtp.Add(p.ToArray()));
        await t.StartBothAsync(DtlsRole.Client);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        long droppedBefore = t.B.DroppedPacketCount;

        byte[] rtp = [0x80, 0x60, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        byte[] rtcp = [0xBF, 200, 0, 6];
        byte[] stun = [0x00, 0x01, 0, 0];
        byte[] turnChannel = [0x40, 0x00, 0, 4, 1, 2, 3, 4];
        byte[] zrtp = [0x10, 0, 0];
        await t.Owner.InvokeAsync(() =>
        {
            foreach (byte[] p in new[] { rtp, stun, rtcp, turnChannel, zrtp })
            {
                t.Pair.First.Send(p);
            }
        });
        Assert.Equal([rtp, rtcp], srtp);
        Assert.Equal(droppedBefore + 3, t.B.DroppedPacketCount);
        Assert.Empty(t.ReceivedByB); // nothing reached the DTLS application path
        Assert.True(await t.Owner.InvokeAsync(() => t.A.SendSrtp(rtp)));
        Assert.False(await t.Owner.InvokeAsync(() => t.A.SendSrtp(stun)));
        Assert.Equal(3, srtp.Count);
    }

    [Fact]
    public async Task ManyRecords_ArriveInOrder()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        await t.StartBothAsync(DtlsRole.Server);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        await t.Owner.InvokeAsync(() =>
        {
            for (int i = 0; i < 500; i++)
            {
                Assert.True(t.A.Send(BitConverter.GetBytes(i)));
            }
        });
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByB.Count == 500, "500 records");
        Assert.Equal(Enumerable.Range(0, 500), t.ReceivedByB.Select(b => BitConverter.ToInt32(b)));
    }

    [Fact]
    public async Task AesGcmRecordCipher_InteroperatesWithBouncyCastles_AndDropsTamperedAndReplayedRecords()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync(
            c => new DtlsTransportOptions { Certificate = c, UseBouncyCastleRecordCipher = true },
            c => new DtlsTransportOptions { Certificate = c });
        await t.StartBothAsync(DtlsRole.Client);
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        Assert.Equal(Org.BouncyCastle.Tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, t.B.CipherSuite);
        Assert.True(await t.SendFromAAsync([1, 2, 3]));
        Assert.True(await t.SendFromBAsync([4, 5, 6]));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByA.Count == 1 && t.ReceivedByB.Count == 1, "data both ways");
        Assert.Equal([1, 2, 3], t.ReceivedByB.Single());
        Assert.Equal([4, 5, 6], t.ReceivedByA.Single());

        // Capture one record A sends (B's .NET AES-GCM decrypts it), then replay it and a tampered copy.
        byte[]? captured = null;
        t.Pair.First.DropFilter = p =>
        {
            captured = p.ToArray();
            return true;
        };
        Assert.True(await t.SendFromAAsync([9, 9, 9, 9]));
        t.Pair.First.DropFilter = null;
        byte[] tampered = (byte[])captured!.Clone();
        tampered[^1] ^= 0x01;
        await t.Owner.InvokeAsync(() => t.Pair.First.Send(tampered));
        await t.Owner.InvokeAsync(() => t.Pair.First.Send(captured));
        await t.Owner.InvokeAsync(() => t.Pair.First.Send(captured)); // a replay
        Assert.True(await t.SendFromAAsync([8]));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByB.Count == 3, "the genuine record and the next one");
        await Task.Delay(50);
        Assert.Equal([[1, 2, 3], [9, 9, 9, 9], [8]], t.ReceivedByB.ToArray());
        Assert.Equal(DtlsTransportState.Connected, t.B.State);
    }

    [Fact]
    public async Task GarbageInTheDtlsRange_IsDropped_BeforeAndAfterTheHandshake()
    {
        await using DtlsTestPair t = await DtlsTestPair.CreateAsync();
        var random = new Random(5);
        byte[][] junk = [.. Enumerable.Range(0, 300).Select(i =>
        {
            byte[] p = new byte[1 + random.Next(i % 3 == 0 ? 20 : 1500)];
            random.NextBytes(p);
            p[0] = (byte)(20 + random.Next(44)); // RFC 7983 says "DTLS"
            if (i % 2 == 0 && p.Length >= 13)
            {
                p[1] = 0xFE; // a plausible DTLS record header with nonsense inside
                p[2] = 0xFD;
            }

            return p;
        })];
        await t.Owner.InvokeAsync(() =>
        {
            foreach (byte[] p in junk.Take(150))
            {
                t.Pair.First.Send(p);
            }
        });
        await t.StartBothAsync(DtlsRole.Server); // B is the client and first reads the junk
        await t.WaitForStatesAsync(DtlsTransportState.Connected, DtlsTransportState.Connected);
        await t.Owner.InvokeAsync(() =>
        {
            foreach (byte[] p in junk.Skip(150))
            {
                t.Pair.First.Send(p);
            }
        });
        Assert.True(await t.SendFromAAsync([42]));
        await DtlsTestPair.WaitUntilAsync(() => t.ReceivedByB.Count >= 1, "the genuine record after the junk");
        Assert.Equal([42], Assert.Single(t.ReceivedByB));
        Assert.Equal(DtlsTransportState.Connected, t.B.State);
    }
}

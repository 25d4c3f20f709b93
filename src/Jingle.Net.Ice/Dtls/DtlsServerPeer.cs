using Org.BouncyCastle.Tls;

namespace Jingle.Net.Ice.Dtls;

/// <summary>
/// The BouncyCastle DTLS 1.2 server: requires a client certificate and checks its fingerprint, selects the SRTP
/// profile from the client's use_srtp.
/// </summary>
internal sealed class DtlsServerPeer(DtlsHandshakeContext shared) : DefaultTlsServer(shared.Crypto)
{
    private int[]? _clientProfiles;

    public TlsServerContext Context => m_context;

    public override bool IgnoreCorruptDtlsRecords => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, shared.OwnSuites);

    // BouncyCastle's own retransmission timer reads the system clock: it gets its maximum (60 s) and never fires in
    // practice; DtlsFlightRetransmitter runs the RFC 6347 §4.2.4.1 timer on the injected clock instead.
    public override int GetHandshakeResendTimeMillis() => DtlsFlightRetransmitter.BouncyCastleResendMillis;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        UseSrtpData? offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        _clientProfiles = offered?.ProtectionProfiles;
        if (offered is not null && shared.Options.SrtpProfiles.Count > 0)
        {
            shared.SelectedProfile = shared.ChooseProfile(offered.ProtectionProfiles);
        }

        shared.RequireProfileIfConfigured(offered is null
            ? "the client did not offer use_srtp"
            : "the client offered " + string.Join(", ", offered.ProtectionProfiles.Select(p => ((SrtpProtectionProfile)p).ToWireString())));
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        if (_clientProfiles is not null && shared.SelectedProfile != SrtpProtectionProfile.None)
        {
            // RFC 5764 §4.1.1: echo exactly one profile (and an empty MKI).
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)shared.SelectedProfile], []));
        }

        return extensions;
    }

    public override CertificateRequest GetCertificateRequest()
    {
        // WebRTC authenticates both sides by certificate fingerprint (RFC 8827 §6.5), so the client must send one.
        short[] types = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        IList<SignatureAndHashAlgorithm> algorithms = TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context);
        return new CertificateRequest(types, algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        shared.VerifyPeerCertificate(clientCertificate);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        shared.CreateSigner(m_context, m_context.SecurityParameters.ClientSigAlgs);

    protected override TlsCredentialedSigner GetRsaSignerCredentials() =>
        shared.CreateSigner(m_context, m_context.SecurityParameters.ClientSigAlgs);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        shared.OnHandshakeComplete(m_context);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        shared.NotifyAlert(alertLevel, alertDescription, received: false);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        shared.NotifyAlert(alertLevel, alertDescription, received: true);
}

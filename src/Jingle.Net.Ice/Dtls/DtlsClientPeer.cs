using Org.BouncyCastle.Tls;

namespace Jingle.Net.Ice.Dtls;

/// <summary>The BouncyCastle DTLS 1.2 client: offers use_srtp, presents our certificate, checks the server's fingerprint.</summary>
internal sealed class DtlsClientPeer(DtlsHandshakeContext shared) : DefaultTlsClient(shared.Crypto)
{
    public TlsClientContext Context => m_context;

    public override bool IgnoreCorruptDtlsRecords => true;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, [.. DtlsHandshakeContext.EcdsaSuites, .. DtlsHandshakeContext.RsaSuites]);

    // BouncyCastle's own retransmission timer reads the system clock: it gets its maximum (60 s) and never fires in
    // practice; DtlsFlightRetransmitter runs the RFC 6347 §4.2.4.1 timer on the injected clock instead.
    public override int GetHandshakeResendTimeMillis() => DtlsFlightRetransmitter.BouncyCastleResendMillis;

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) =>
        shared.Options.SupportedGroups is { } groups ? [.. groups] : base.GetSupportedGroups(namedGroupRoles);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        if (shared.Options.SrtpProfiles.Count > 0)
        {
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(shared.OfferedProfileValues, []));
        }

        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? selected = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (selected is not null)
        {
            // RFC 5764 §4.1.1: exactly one profile, one we offered.
            if (selected.ProtectionProfiles.Length != 1 || Array.IndexOf(shared.OfferedProfileValues, selected.ProtectionProfiles[0]) < 0)
            {
                shared.Failure = new DtlsTransportError(DtlsErrorReason.ProtocolError,
                    "The server selected an SRTP profile that was not offered.", (byte)AlertDescription.illegal_parameter);
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, shared.Failure.Message);
            }

            shared.SelectedProfile = (SrtpProtectionProfile)selected.ProtectionProfiles[0];
        }

        shared.RequireProfileIfConfigured("the server did not select any of " +
            string.Join(", ", shared.Options.SrtpProfiles.Select(p => p.ToWireString())));
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        shared.OnHandshakeComplete(m_context);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        shared.NotifyAlert(alertLevel, alertDescription, received: false);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        shared.NotifyAlert(alertLevel, alertDescription, received: true);

    private sealed class Authentication(DtlsClientPeer client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client.Shared.VerifyPeerCertificate(serverCertificate?.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            client.Shared.CreateSigner(client.m_context, certificateRequest.SupportedSignatureAlgorithms);
    }

    private DtlsHandshakeContext Shared => shared;
}

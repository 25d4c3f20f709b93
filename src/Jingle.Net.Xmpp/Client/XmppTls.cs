using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Jingle.Net.Xmpp.Sasl;

namespace Jingle.Net.Xmpp;

/// <summary>TLS helpers: certificate validation against private trust anchors and RFC 5929 channel binding.</summary>
internal static class XmppTls
{
    /// <summary>
    /// Validates against <paramref name="trusted"/> instead of the system store: the chain must build to one of
    /// them, and the host name must match (a name mismatch or missing certificate is never forgiven).
    /// </summary>
    public static bool ValidateWithTrustAnchors(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(leaf);
    }

    /// <summary>
    /// <c>tls-server-end-point</c> (RFC 5929 §4): the hash of the server certificate with its signature's hash
    /// (SHA-256 when that is MD5 or SHA-1).
    /// </summary>
    public static TlsChannelBinding? GetServerEndPointBinding(SslStream ssl)
    {
        if (ssl.RemoteCertificate is not { } remote)
        {
            return null;
        }

        using var cert = new X509Certificate2(remote);
        string oid = cert.SignatureAlgorithm.Value ?? string.Empty;
        byte[] raw = cert.RawData;
        byte[] hash = oid switch
        {
            "1.2.840.10045.4.3.3" or "1.2.840.113549.1.1.12" => SHA384.HashData(raw),
            "1.2.840.10045.4.3.4" or "1.2.840.113549.1.1.13" => SHA512.HashData(raw),
            _ => SHA256.HashData(raw),
        };
        return new TlsChannelBinding("tls-server-end-point", hash);
    }
}

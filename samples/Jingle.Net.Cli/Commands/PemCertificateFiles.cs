using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// Loads a TLS server certificate from a PEM certificate file and a PEM private key file, as servers such as coturn
/// take them: the first CERTIFICATE of the certificate file (the leaf; intermediates after it are not served), and an
/// unencrypted RSA or EC key in the key file, PKCS#8 (<c>PRIVATE KEY</c>) or traditional (<c>RSA PRIVATE KEY</c>,
/// <c>EC PRIVATE KEY</c>). Every failure is a one-line reason (missing or unreadable file, no PEM certificate, no or an
/// encrypted key, a key of another type or that does not match the certificate) rather than an exception.
/// </summary>
internal static class PemCertificateFiles
{
    private static readonly string[] KeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>The certificate with its private key, or null and <paramref name="error"/>.</summary>
    public static X509Certificate2? TryLoad(string certificatePath, string keyPath, out string? error)
    {
        if (!TryRead(certificatePath, "certificate", out string? certificateText, out error)
            || !TryRead(keyPath, "key", out string? keyText, out error))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificateText);
        }
        catch (CryptographicException)
        {
            error = $"{certificatePath} holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
            return null;
        }

        using (certificate)
        {
            if (!TryFindKey(keyText, out string? keyPem, out bool encrypted))
            {
                error = encrypted
                    ? $"{keyPath} holds an encrypted key; give it unencrypted (openssl pkey -in {keyPath} -out plain.key)"
                    : $"{keyPath} holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)";
                return null;
            }

            return WithKey(certificate, keyPem, certificatePath, keyPath, out error);
        }
    }

    private static bool TryRead(string path, string what, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text, out string? error)
    {
        try
        {
            text = File.ReadAllText(path);
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            text = null;
            error = e is FileNotFoundException or DirectoryNotFoundException
                ? $"{what} file {path} does not exist"
                : $"cannot read {what} file {path}: {e.Message}";
            return false;
        }
    }

    /// <summary>The first private-key PEM block of the text (other blocks, such as EC PARAMETERS, are skipped).</summary>
    private static bool TryFindKey(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? keyPem, out bool encrypted)
    {
        encrypted = false;
        ReadOnlySpan<char> rest = text;
        while (PemEncoding.TryFind(rest, out PemFields fields))
        {
            string label = rest[fields.Label].ToString();
            if (label == "ENCRYPTED PRIVATE KEY")
            {
                encrypted = true;
            }
            else if (KeyLabels.Contains(label))
            {
                keyPem = rest[fields.Location].ToString();
                return true;
            }

            rest = rest[fields.Location.End..];
        }

        // A traditional encrypted key (Proc-Type/DEK-Info headers) is not a strict RFC 7468 block: TryFind skips it.
        encrypted |= text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal);
        keyPem = null;
        return false;
    }

    private static X509Certificate2? WithKey(X509Certificate2 certificate, string keyPem, string certificatePath, string keyPath, out string? error)
    {
        error = null;
        using RSA? certificateRsa = certificate.GetRSAPublicKey();
        using ECDsa? certificateEc = certificateRsa is null ? certificate.GetECDsaPublicKey() : null;
        if (certificateRsa is null && certificateEc is null)
        {
            error = $"{certificatePath}: the certificate's key is neither RSA nor EC ({certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value})";
            return null;
        }

        string type = certificateRsa is not null ? "RSA" : "EC";
        AsymmetricAlgorithm key = certificateRsa is not null ? RSA.Create() : ECDsa.Create();
        using (key)
        {
            try
            {
                key.ImportFromPem(keyPem);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                error = $"{keyPath} is not an {type} private key, but the certificate in {certificatePath} has an {type} key";
                return null;
            }

            try
            {
                using X509Certificate2 withKey = key is RSA rsa ? certificate.CopyWithPrivateKey(rsa) : certificate.CopyWithPrivateKey((ECDsa)key);
                // Through PKCS#12 so that SslStream can use the key as a server on every platform (not an ephemeral key).
                return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                error = $"the key in {keyPath} does not match the certificate in {certificatePath}";
                return null;
            }
        }
    }
}

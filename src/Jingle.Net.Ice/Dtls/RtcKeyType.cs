namespace Jingle.Net.Ice.Dtls;

/// <summary>The key pair of an <see cref="RtcCertificate"/> (libwebrtc's KeyType).</summary>
public enum RtcKeyType
{
    /// <summary>ECDSA on NIST P-256 (secp256r1) with SHA-256: the WebRTC default, generated in about a millisecond.</summary>
    EcdsaP256,

    /// <summary>RSA-2048 with SHA-256 (PKCS#1 v1.5): slower to generate, for peers that need RSA.</summary>
    Rsa2048,
}

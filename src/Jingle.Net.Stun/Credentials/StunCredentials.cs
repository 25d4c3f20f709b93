using System.Security.Cryptography;
using System.Text;

namespace Jingle.Net.Stun.Credentials;

/// <summary>Key derivation for STUN credentials (RFC 8489 §9.2.2, §14.4).</summary>
public static class StunCredentials
{
    /// <summary>
    /// The long-term key: MD5 or SHA-256 of username ":" prep(realm) ":" prep(password), as UTF-8 (RFC 8489
    /// §9.2.2). The username is used as given (it was prepared when the account was made).
    /// </summary>
    public static byte[] ComputeLongTermKey(string username, string realm, string password,
        PasswordAlgorithm algorithm = PasswordAlgorithm.Md5, StringPreparation preparation = StringPreparation.OpaqueString)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(password);
        string input = username + ":" + Prepare(realm, preparation) + ":" + Prepare(password, preparation);
        byte[] bytes = Encoding.UTF8.GetBytes(input);
        try
        {
            return algorithm switch
            {
#pragma warning disable CA5351 // MD5 is what RFC 5389/8489 long-term credentials specify.
                PasswordAlgorithm.Md5 => MD5.HashData(bytes),
#pragma warning restore CA5351
                PasswordAlgorithm.Sha256 => SHA256.HashData(bytes),
                _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown password algorithm."),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>USERHASH (RFC 8489 §14.4): SHA-256 of OpaqueString(username) ":" OpaqueString(realm).</summary>
    public static byte[] ComputeUserHash(string username, string realm)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        return SHA256.HashData(Encoding.UTF8.GetBytes(OpaqueString.Prepare(username) + ":" + OpaqueString.Prepare(realm)));
    }

    /// <summary>Applies <paramref name="preparation"/> to <paramref name="value"/>.</summary>
    public static string Prepare(string value, StringPreparation preparation) => preparation switch
    {
        StringPreparation.OpaqueString => OpaqueString.Prepare(value),
        StringPreparation.Saslprep => Saslprep.Prepare(value),
        _ => value,
    };
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Jingle.Net.Base;

namespace Jingle.Net.Xmpp.Sasl;

/// <summary>
/// The client side of SCRAM (RFC 5802) with SHA-1 or SHA-256 (RFC 7677), and the -PLUS variants with TLS channel
/// binding. The server's signature in the final message is verified in constant time; a server that cannot prove
/// it knows the password fails the login even if it says <c>&lt;success/&gt;</c>.
/// </summary>
internal sealed class ScramMechanism : ISaslMechanism
{
    private const int MinIterations = 4096;
    private const int MaxIterations = 1_000_000;
    private readonly HashAlgorithmName _hash;
    private readonly string _username;
    private readonly string _password;
    private readonly string _clientNonce;
    private readonly string _gs2Header;
    private readonly byte[] _channelBindingData;
    private string _clientFirstBare = string.Empty;
    private byte[]? _expectedServerSignature;

    public ScramMechanism(HashAlgorithmName hash, string username, string password, string clientNonce,
        TlsChannelBinding? binding, bool clientCouldBind)
    {
        _hash = hash;
        _username = username;
        _password = password;
        _clientNonce = clientNonce;
        string hashName = hash == HashAlgorithmName.SHA1 ? "SHA-1" : "SHA-256";
        if (binding is not null)
        {
            Name = $"SCRAM-{hashName}-PLUS";
            _gs2Header = $"p={binding.Type},,";
            _channelBindingData = binding.Data;
        }
        else
        {
            Name = $"SCRAM-{hashName}";
            _gs2Header = clientCouldBind ? "y,," : "n,,";
            _channelBindingData = [];
        }
    }

    public string Name { get; }

    /// <summary>A fresh client nonce: 24 random bytes, base64 (no ',' can occur).</summary>
    public static string CreateNonce(RandomSource random)
    {
        Span<byte> bytes = stackalloc byte[24];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    public byte[] GetInitialResponse()
    {
        _clientFirstBare = "n=" + EscapeUsername(_username) + ",r=" + _clientNonce;
        return Encoding.UTF8.GetBytes(_gs2Header + _clientFirstBare);
    }

    public byte[]? Respond(ReadOnlySpan<byte> challenge)
    {
        if (_expectedServerSignature is not null)
        {
            return null;
        }

        string serverFirst;
        try
        {
            serverFirst = new UTF8Encoding(false, true).GetString(challenge);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        string? nonce = null, salt = null, iterations = null;
        foreach (string part in serverFirst.Split(','))
        {
            if (part.Length < 2 || part[1] != '=')
            {
                return null;
            }

            switch (part[0])
            {
                case 'r': nonce = part[2..]; break;
                case 's': salt = part[2..]; break;
                case 'i': iterations = part[2..]; break;
                case 'm': return null; // mandatory extension we do not know (RFC 5802 §5.1)
            }
        }

        if (nonce is null || salt is null || iterations is null
            || !nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length
            || !int.TryParse(iterations, NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || i < MinIterations || i > MaxIterations)
        {
            return null;
        }

        byte[] saltBytes;
        try
        {
            saltBytes = Convert.FromBase64String(salt);
        }
        catch (FormatException)
        {
            return null;
        }

        byte[] cbind = [.. Encoding.UTF8.GetBytes(_gs2Header), .. _channelBindingData];
        string clientFinalWithoutProof = "c=" + Convert.ToBase64String(cbind) + ",r=" + nonce;
        byte[] authMessage = Encoding.UTF8.GetBytes(_clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof);

        int hashLength = _hash == HashAlgorithmName.SHA1 ? 20 : 32;
        byte[] saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), saltBytes, i, _hash, hashLength);
        byte[] clientKey = Hmac(saltedPassword, "Client Key"u8);
        byte[] storedKey = _hash == HashAlgorithmName.SHA1 ? SHA1.HashData(clientKey) : SHA256.HashData(clientKey);
        byte[] clientSignature = Hmac(storedKey, authMessage);
        byte[] proof = new byte[hashLength];
        for (int k = 0; k < hashLength; k++)
        {
            proof[k] = (byte)(clientKey[k] ^ clientSignature[k]);
        }

        byte[] serverKey = Hmac(saltedPassword, "Server Key"u8);
        _expectedServerSignature = Hmac(serverKey, authMessage);
        CryptographicOperations.ZeroMemory(saltedPassword);
        CryptographicOperations.ZeroMemory(clientKey);
        return Encoding.UTF8.GetBytes(clientFinalWithoutProof + ",p=" + Convert.ToBase64String(proof));
    }

    public bool VerifySuccess(ReadOnlySpan<byte> additionalData)
    {
        if (_expectedServerSignature is null)
        {
            return false;
        }

        string text = Encoding.UTF8.GetString(additionalData);
        if (!text.StartsWith("v=", StringComparison.Ordinal))
        {
            return false;
        }

        int comma = text.IndexOf(',', StringComparison.Ordinal);
        string value = comma < 0 ? text[2..] : text[2..comma];
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(signature, _expectedServerSignature);
    }

    private byte[] Hmac(byte[] key, ReadOnlySpan<byte> data) =>
        _hash == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);

    private static string EscapeUsername(string username) =>
        username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
}

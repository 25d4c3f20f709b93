namespace Jingle.Net.Xmpp.Modules;

/// <summary>An external service (XEP-0215 §3): typically a STUN or TURN server with credentials.</summary>
public sealed record ExternalService(string Type, string Host, int? Port, string? Transport, string? Username, string? Password,
    string? Expires, bool Restricted, string? Name)
{
    /// <summary>Describes the service without its password, which is never printed.</summary>
    public override string ToString() =>
        $"ExternalService {{ Type = {Type}, Host = {Host}, Port = {Port}, Transport = {Transport}, Username = {Username}, Password = {(Password is null ? "(none)" : "***")} }}";
}

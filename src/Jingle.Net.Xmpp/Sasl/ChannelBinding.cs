namespace Jingle.Net.Xmpp.Sasl;

/// <summary>TLS channel-binding data for SCRAM-*-PLUS (RFC 5929, RFC 9266).</summary>
/// <param name="Type">The channel-binding type name: <c>tls-server-end-point</c> or <c>tls-exporter</c>.</param>
/// <param name="Data">The binding bytes.</param>
public sealed record TlsChannelBinding(string Type, byte[] Data);

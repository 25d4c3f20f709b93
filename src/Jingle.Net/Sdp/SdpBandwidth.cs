namespace Jingle.Net.Sdp;

/// <summary>The <c>b=</c> line (RFC 8866 §5.8): <c>b=&lt;bwtype&gt;:&lt;bandwidth&gt;</c>, e.g. <c>b=AS:30</c> or <c>b=TIAS:64000</c>.</summary>
public sealed class SdpBandwidth
{
    public SdpBandwidth()
    {
    }

    public SdpBandwidth(string type, ulong value)
    {
        Type = type;
        Value = value;
    }

    public string Type { get; set; } = "AS";

    public ulong Value { get; set; }
}

using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// A property attribute <c>a=&lt;name&gt;</c>: ice-lite, rtcp-mux, rtcp-mux-only, rtcp-rsize, end-of-candidates,
/// extmap-allow-mixed, bundle-only, sendrecv/sendonly/recvonly/inactive, and any unknown flag.
/// </summary>
public sealed class SdpPropertyAttribute : SdpAttribute
{
    public SdpPropertyAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    public override string Name { get; }

    public override bool HasValue => false;

    internal override void AppendValue(StringBuilder sb)
    {
    }
}

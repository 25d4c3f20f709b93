using System.Text;

namespace Jingle.Net.Sdp;

/// <summary>
/// <c>a=max-message-size:&lt;bytes&gt;</c> (RFC 8841 §6): the largest message the endpoint can receive; 0 means no
/// limit; absent means 64 KiB.
/// </summary>
public sealed class MaxMessageSizeAttribute : SdpAttribute
{
    public const string AttributeName = "max-message-size";

    /// <summary>The value to assume when the attribute is absent (RFC 8841 §6.1).</summary>
    public const ulong DefaultWhenAbsent = 65536;

    public MaxMessageSizeAttribute(ulong size)
    {
        Size = size;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public ulong Size { get; set; }

    internal static MaxMessageSizeAttribute? Parse(string value) =>
        SdpText.TryULong(value.AsSpan().Trim(" \t"), out ulong size) ? new MaxMessageSizeAttribute(size) : null;

    internal override void AppendValue(StringBuilder sb) => sb.Append(Size);
}

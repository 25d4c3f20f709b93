using System.Text;

namespace Jingle.Net.Sdp;

/// <summary><c>a=setup:actpass|active|passive|holdconn</c> (RFC 4145 §4, RFC 8842).</summary>
public sealed class SetupAttribute : SdpAttribute
{
    public const string AttributeName = "setup";

    public SetupAttribute(SdpSetupRole role)
    {
        Role = role;
    }

    public override string Name => AttributeName;

    public override bool HasValue => true;

    public SdpSetupRole Role { get; set; }

    public static string ToWireString(SdpSetupRole role) => role switch
    {
        SdpSetupRole.ActPass => "actpass",
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParseRole(ReadOnlySpan<char> value, out SdpSetupRole role)
    {
        value = value.Trim(" \t");
        if (value.Equals("actpass", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.ActPass;
        }
        else if (value.Equals("active", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.Active;
        }
        else if (value.Equals("passive", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.Passive;
        }
        else if (value.Equals("holdconn", StringComparison.OrdinalIgnoreCase))
        {
            role = SdpSetupRole.HoldConn;
        }
        else
        {
            role = default;
            return false;
        }

        return true;
    }

    internal static SetupAttribute? Parse(string value) =>
        TryParseRole(value, out SdpSetupRole role) ? new SetupAttribute(role) : null;

    internal override void AppendValue(StringBuilder sb) => sb.Append(ToWireString(Role));
}

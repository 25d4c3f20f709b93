namespace Jingle.Net.Sdp;

/// <summary>Turns the text after <c>a=</c> into a typed attribute, or reports why it is malformed.</summary>
internal static class SdpAttributeParser
{
    /// <summary>Parses one attribute (the text after "a="); returns null and a reason when a known attribute is malformed.</summary>
    public static SdpAttribute? Parse(ReadOnlySpan<char> text, out string? error)
    {
        error = null;
        int colon = text.IndexOf(':');
        if (colon == 0 || text.Length == 0)
        {
            error = "attribute without a name";
            return null;
        }

        if (colon < 0)
        {
            return new SdpPropertyAttribute(KnownPropertyName(text) ?? text.ToString());
        }

        ReadOnlySpan<char> name = text[..colon];
        string value = text[(colon + 1)..].ToString();
        SdpAttribute? attribute = name switch
        {
            GroupAttribute.AttributeName => GroupAttribute.Parse(value),
            IceOptionsAttribute.AttributeName => IceOptionsAttribute.Parse(value),
            FingerprintAttribute.AttributeName => FingerprintAttribute.Parse(value),
            SetupAttribute.AttributeName => SetupAttribute.Parse(value),
            CandidateAttribute.AttributeName => CandidateAttribute.Parse(value),
            RtcpAttribute.AttributeName => RtcpAttribute.Parse(value),
            RtpMapAttribute.AttributeName => RtpMapAttribute.Parse(value),
            FmtpAttribute.AttributeName => FmtpAttribute.Parse(value),
            RtcpFeedbackAttribute.AttributeName => RtcpFeedbackAttribute.Parse(value),
            ExtMapAttribute.AttributeName => ExtMapAttribute.Parse(value),
            SsrcAttribute.AttributeName => SsrcAttribute.Parse(value),
            SsrcGroupAttribute.AttributeName => SsrcGroupAttribute.Parse(value),
            MsidAttribute.AttributeName => MsidAttribute.Parse(value),
            MsidSemanticAttribute.AttributeName => MsidSemanticAttribute.Parse(value),
            SctpPortAttribute.AttributeName => SctpPortAttribute.Parse(value),
            MaxMessageSizeAttribute.AttributeName => MaxMessageSizeAttribute.Parse(value),
            SctpMapAttribute.AttributeName => SctpMapAttribute.Parse(value),
            SimulcastAttribute.AttributeName => SimulcastAttribute.Parse(value),
            RidAttribute.AttributeName => RidAttribute.Parse(value),
            SdpAttributeNames.Mid => Token(SdpAttributeNames.Mid, value),
            SdpAttributeNames.IceUfrag => Token(SdpAttributeNames.IceUfrag, value),
            SdpAttributeNames.IcePwd => Token(SdpAttributeNames.IcePwd, value),
            _ => new SdpValueAttribute(name.ToString(), value),
        };

        if (attribute is null)
        {
            error = "malformed a=" + name.ToString();
        }

        return attribute;
    }

    private static SdpValueAttribute? Token(string name, string value) =>
        value.Length == 0 || value.AsSpan().ContainsAny(' ', '\t') ? null : new SdpValueAttribute(name, value);

    /// <summary>The interned name of a well-known property attribute, so parsing allocates no string for it.</summary>
    private static string? KnownPropertyName(ReadOnlySpan<char> name) => name switch
    {
        SdpAttributeNames.IceLite => SdpAttributeNames.IceLite,
        SdpAttributeNames.EndOfCandidates => SdpAttributeNames.EndOfCandidates,
        SdpAttributeNames.RtcpMux => SdpAttributeNames.RtcpMux,
        SdpAttributeNames.RtcpMuxOnly => SdpAttributeNames.RtcpMuxOnly,
        SdpAttributeNames.RtcpRsize => SdpAttributeNames.RtcpRsize,
        SdpAttributeNames.ExtmapAllowMixed => SdpAttributeNames.ExtmapAllowMixed,
        SdpAttributeNames.BundleOnly => SdpAttributeNames.BundleOnly,
        SdpAttributeNames.SendRecv => SdpAttributeNames.SendRecv,
        SdpAttributeNames.SendOnly => SdpAttributeNames.SendOnly,
        SdpAttributeNames.RecvOnly => SdpAttributeNames.RecvOnly,
        SdpAttributeNames.Inactive => SdpAttributeNames.Inactive,
        _ => null,
    };
}

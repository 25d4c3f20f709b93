namespace Jingle.Net.Sdp;

/// <summary>Turns the text after <c>a=</c> into a typed attribute, or reports why it is malformed.</summary>
internal static class SdpAttributeParser
{
    /// <summary>Parses one attribute; returns null and a reason when a known attribute is malformed.</summary>
    public static SdpAttribute? Parse(string text, out string? error)
    {
        error = null;
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon == 0 || text.Length == 0)
        {
            error = "attribute without a name";
            return null;
        }

        if (colon < 0)
        {
            return new SdpPropertyAttribute(text);
        }

        string name = text[..colon];
        string value = text[(colon + 1)..];
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
            SdpAttributeNames.Mid or SdpAttributeNames.IceUfrag or SdpAttributeNames.IcePwd =>
                value.Length == 0 || value.AsSpan().ContainsAny(' ', '\t') ? null : new SdpValueAttribute(name, value),
            _ => new SdpValueAttribute(name, value),
        };

        if (attribute is null)
        {
            error = "malformed a=" + name;
        }

        return attribute;
    }
}

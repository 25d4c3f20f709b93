namespace Jingle.Net.Sdp;

public sealed partial class MediaDescription
{
    /// <summary><c>a=mid</c> (RFC 5888 §4).</summary>
    public string? Mid
    {
        get => Attributes.GetValue(SdpAttributeNames.Mid);
        set => Attributes.SetValue(SdpAttributeNames.Mid, value);
    }

    /// <summary><c>a=ice-ufrag</c> of this m-section (RFC 8839 §5.4), or null (then the session-level one applies).</summary>
    public string? IceUfrag
    {
        get => Attributes.GetValue(SdpAttributeNames.IceUfrag);
        set => Attributes.SetValue(SdpAttributeNames.IceUfrag, value);
    }

    /// <summary><c>a=ice-pwd</c> of this m-section, or null.</summary>
    public string? IcePwd
    {
        get => Attributes.GetValue(SdpAttributeNames.IcePwd);
        set => Attributes.SetValue(SdpAttributeNames.IcePwd, value);
    }

    public IceOptionsAttribute? IceOptions => Attributes.Get<IceOptionsAttribute>();

    public IEnumerable<FingerprintAttribute> Fingerprints => Attributes.GetAll<FingerprintAttribute>();

    /// <summary><c>a=setup</c>, or null.</summary>
    public SdpSetupRole? Setup
    {
        get => Attributes.Get<SetupAttribute>()?.Role;
        set
        {
            if (value is SdpSetupRole role)
            {
                Attributes.Replace(new SetupAttribute(role));
            }
            else
            {
                Attributes.RemoveAll(SetupAttribute.AttributeName);
            }
        }
    }

    /// <summary>
    /// The direction attribute of this m-section, or null when there is none (then the session-level one, and
    /// finally sendrecv, applies; see <see cref="SessionDescription.GetDirection"/>). Setting replaces it in place.
    /// </summary>
    public MediaDirection? Direction
    {
        get
        {
            foreach (SdpAttribute a in Attributes)
            {
                if (a is SdpPropertyAttribute p && MediaDirections.TryParse(p.Name, out MediaDirection d))
                {
                    return d;
                }
            }

            return null;
        }

        set
        {
            int index = -1;
            for (int i = Attributes.Count - 1; i >= 0; i--)
            {
                if (Attributes[i] is SdpPropertyAttribute p && MediaDirections.TryParse(p.Name, out _))
                {
                    Attributes.RemoveAt(i);
                    index = i;
                }
            }

            if (value is MediaDirection d)
            {
                var attribute = new SdpPropertyAttribute(d.ToWireString());
                if (index >= 0)
                {
                    Attributes.Insert(index, attribute);
                }
                else
                {
                    Attributes.Add(attribute);
                }
            }
        }
    }

    public bool RtcpMux
    {
        get => Attributes.Contains(SdpAttributeNames.RtcpMux);
        set => Attributes.SetProperty(SdpAttributeNames.RtcpMux, value);
    }

    public bool RtcpMuxOnly
    {
        get => Attributes.Contains(SdpAttributeNames.RtcpMuxOnly);
        set => Attributes.SetProperty(SdpAttributeNames.RtcpMuxOnly, value);
    }

    public bool RtcpRsize
    {
        get => Attributes.Contains(SdpAttributeNames.RtcpRsize);
        set => Attributes.SetProperty(SdpAttributeNames.RtcpRsize, value);
    }

    /// <summary><c>a=bundle-only</c> (RFC 9143 §6).</summary>
    public bool BundleOnly
    {
        get => Attributes.Contains(SdpAttributeNames.BundleOnly);
        set => Attributes.SetProperty(SdpAttributeNames.BundleOnly, value);
    }

    /// <summary><c>a=end-of-candidates</c> (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates
    {
        get => Attributes.Contains(SdpAttributeNames.EndOfCandidates);
        set => Attributes.SetProperty(SdpAttributeNames.EndOfCandidates, value);
    }

    public IEnumerable<CandidateAttribute> Candidates => Attributes.GetAll<CandidateAttribute>();

    public IEnumerable<RtpMapAttribute> RtpMaps => Attributes.GetAll<RtpMapAttribute>();

    public IEnumerable<FmtpAttribute> Fmtps => Attributes.GetAll<FmtpAttribute>();

    public IEnumerable<RtcpFeedbackAttribute> RtcpFeedbacks => Attributes.GetAll<RtcpFeedbackAttribute>();

    public IEnumerable<ExtMapAttribute> ExtMaps => Attributes.GetAll<ExtMapAttribute>();

    public IEnumerable<SsrcAttribute> Ssrcs => Attributes.GetAll<SsrcAttribute>();

    public IEnumerable<SsrcGroupAttribute> SsrcGroups => Attributes.GetAll<SsrcGroupAttribute>();

    public IEnumerable<MsidAttribute> Msids => Attributes.GetAll<MsidAttribute>();

    public IEnumerable<RidAttribute> Rids => Attributes.GetAll<RidAttribute>();

    public SimulcastAttribute? Simulcast => Attributes.Get<SimulcastAttribute>();

    public RtcpAttribute? Rtcp => Attributes.Get<RtcpAttribute>();

    /// <summary>
    /// The SCTP port: <c>a=sctp-port</c> (RFC 8841), else the legacy <c>a=sctpmap</c> port, else the legacy m-line
    /// format; null when none is given (RFC 8841 §5.2: then 5000 applies).
    /// </summary>
    public int? SctpPort
    {
        get
        {
            if (Attributes.Get<SctpPortAttribute>() is { } p)
            {
                return p.Port;
            }

            if (Attributes.Get<SctpMapAttribute>() is { } map)
            {
                return map.Port;
            }

            if (IsLegacyDataChannel && Formats.Count > 0 && SdpText.TryPort(Formats[0], out int port))
            {
                return port;
            }

            return null;
        }

        set
        {
            if (value is int port)
            {
                Attributes.Replace(new SctpPortAttribute(port));
            }
            else
            {
                Attributes.RemoveAll(SctpPortAttribute.AttributeName);
            }
        }
    }

    /// <summary><c>a=max-message-size</c>, or null when absent (RFC 8841 §6.1: then 64 KiB).</summary>
    public ulong? MaxMessageSize
    {
        get => Attributes.Get<MaxMessageSizeAttribute>()?.Size;
        set
        {
            if (value is ulong size)
            {
                Attributes.Replace(new MaxMessageSizeAttribute(size));
            }
            else
            {
                Attributes.RemoveAll(MaxMessageSizeAttribute.AttributeName);
            }
        }
    }

    /// <summary>The rtpmap of a payload type, or null (static payload types may have none).</summary>
    public RtpMapAttribute? GetRtpMap(int payloadType)
    {
        foreach (RtpMapAttribute map in RtpMaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }

        return null;
    }

    /// <summary>The fmtp of a payload type, or null.</summary>
    public FmtpAttribute? GetFmtp(int payloadType)
    {
        foreach (FmtpAttribute fmtp in Fmtps)
        {
            if (fmtp.PayloadType == payloadType)
            {
                return fmtp;
            }
        }

        return null;
    }
}

namespace Jingle.Net.Sdp;

public sealed partial class SessionDescription
{
    /// <summary>Every <c>a=group</c> line.</summary>
    public IEnumerable<GroupAttribute> Groups => Attributes.GetAll<GroupAttribute>();

    /// <summary>The BUNDLE groups (RFC 9143); WebRTC uses at most one but more are legal.</summary>
    public IEnumerable<GroupAttribute> BundleGroups => Groups.Where(g => g.IsBundle);

    public MsidSemanticAttribute? MsidSemantic => Attributes.Get<MsidSemanticAttribute>();

    /// <summary>Session-level <c>a=ice-lite</c> (RFC 8839 §5.3).</summary>
    public bool IceLite
    {
        get => Attributes.Contains(SdpAttributeNames.IceLite);
        set => Attributes.SetProperty(SdpAttributeNames.IceLite, value);
    }

    /// <summary>Session-level <c>a=ice-ufrag</c>, or null.</summary>
    public string? IceUfrag
    {
        get => Attributes.GetValue(SdpAttributeNames.IceUfrag);
        set => Attributes.SetValue(SdpAttributeNames.IceUfrag, value);
    }

    /// <summary>Session-level <c>a=ice-pwd</c>, or null.</summary>
    public string? IcePwd
    {
        get => Attributes.GetValue(SdpAttributeNames.IcePwd);
        set => Attributes.SetValue(SdpAttributeNames.IcePwd, value);
    }

    public IceOptionsAttribute? IceOptions => Attributes.Get<IceOptionsAttribute>();

    /// <summary>Session-level fingerprints (Firefox writes them here).</summary>
    public IEnumerable<FingerprintAttribute> Fingerprints => Attributes.GetAll<FingerprintAttribute>();

    /// <summary>Session-level <c>a=setup</c>, or null.</summary>
    public SdpSetupRole? Setup => Attributes.Get<SetupAttribute>()?.Role;

    /// <summary>Session-level <c>a=extmap-allow-mixed</c> (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed
    {
        get => Attributes.Contains(SdpAttributeNames.ExtmapAllowMixed);
        set => Attributes.SetProperty(SdpAttributeNames.ExtmapAllowMixed, value);
    }

    /// <summary>The effective direction of an m-section: its own attribute, else the session's, else sendrecv.</summary>
    public MediaDirection GetDirection(MediaDescription media)
    {
        if (media.Direction is MediaDirection d)
        {
            return d;
        }

        foreach (SdpAttribute a in Attributes)
        {
            if (a is SdpPropertyAttribute p && MediaDirections.TryParse(p.Name, out MediaDirection s))
            {
                return s;
            }
        }

        return MediaDirection.SendRecv;
    }

    /// <summary>The BUNDLE group that holds <paramref name="mid"/>, or null.</summary>
    public GroupAttribute? GetBundleGroup(string? mid)
    {
        if (mid is null)
        {
            return null;
        }

        foreach (GroupAttribute g in BundleGroups)
        {
            if (g.Mids.Contains(mid, StringComparer.Ordinal))
            {
                return g;
            }
        }

        return null;
    }
}

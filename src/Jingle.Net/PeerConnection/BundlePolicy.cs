namespace Jingle.Net;

/// <summary>W3C RTCBundlePolicy. Data channels use one transport whatever the policy; offers always carry one BUNDLE group.</summary>
public enum BundlePolicy
{
    /// <summary>"balanced".</summary>
    Balanced,

    /// <summary>"max-compat".</summary>
    MaxCompat,

    /// <summary>"max-bundle": every m-section on the first transport (what this implementation does).</summary>
    MaxBundle,
}

namespace Jingle.Net.Testing;

/// <summary>
/// Trait values for <c>[Trait("Category", ...)]</c>. scripts/test.sh runs every category; tests in these
/// categories check their own prerequisites through <see cref="Requires"/> and skip with a printed reason when run
/// by hand without them (under CI=true a missing prerequisite fails instead: CI must have everything).
/// </summary>
public static class TestCategories
{
    /// <summary>Needs root (network namespaces, nftables NATs, SO_RCVBUFFORCE).</summary>
    public const string Root = "Root";

    /// <summary>Talks to a real third-party peer or server (coturn, Prosody, aiortc, libsrtp, libnice).</summary>
    public const string Interop = "Interop";

    /// <summary>Drives headless Chromium.</summary>
    public const string Browser = "Browser";
}

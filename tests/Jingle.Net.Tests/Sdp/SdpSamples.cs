using System.Runtime.CompilerServices;

namespace Jingle.Net.Tests.Sdp;

/// <summary>
/// The captured-structure SDP samples in TestData/Sdp. aiortc-* were generated on this machine with Debian's
/// python3-aiortc 1.4.0; chromium-*, firefox-* and libwebrtc-* reproduce the structure those stacks write, with
/// fresh random ids, keys and addresses from documentation ranges.
/// </summary>
internal static class SdpSamples
{
    public static readonly string[] All =
    [
        "aiortc-offer-av-data.sdp",
        "aiortc-answer-av-data.sdp",
        "aiortc-offer-data.sdp",
        "chromium-offer-audio-video-data.sdp",
        "chromium-offer-data.sdp",
        "chromium-answer-data.sdp",
        "chromium-offer-simulcast.sdp",
        "firefox-offer-audio-video-data.sdp",
        "firefox-answer-data.sdp",
        "libwebrtc-legacy-offer.sdp",
    ];

    public static TheoryData<string> Names => new(All);

    public static string Load(string name) => File.ReadAllText(Path.Combine(Directory, name));

    private static string Directory { get; } = FindDirectory();

    private static string FindDirectory([CallerFilePath] string sourcePath = "")
    {
        // The samples are read from the source tree (the test project file is shared, so they are not copied to bin).
        string fromSource = Path.Combine(Path.GetDirectoryName(sourcePath) ?? ".", "..", "TestData", "Sdp");
        if (System.IO.Directory.Exists(fromSource))
        {
            return fromSource;
        }

        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "Jingle.Net.Tests", "TestData", "Sdp");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }

            candidate = Path.Combine(d.FullName, "TestData", "Sdp");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("TestData/Sdp not found from " + AppContext.BaseDirectory);
    }
}

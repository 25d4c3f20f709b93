using System.Globalization;
using System.Text;

namespace Jingle.Net.Benchmarks.PeerConnection;

/// <summary>
/// When each phase of a PeerConnection setup ended, in ms after CreateOffer, collected over many runs; the report is
/// the median of each phase. PeerConnection events arrive on the signaling thread, so the ICE and connected times
/// include that one post.
/// </summary>
internal sealed class SetupPhases
{
    public const int OfferSet = 0;
    public const int OfferApplied = 1;
    public const int AnswerCreated = 2;
    public const int AnswerSet = 3;
    public const int AnswerApplied = 4;
    public const int AnswererIceConnected = 5;
    public const int OffererIceConnected = 6;
    public const int OffererConnected = 7;
    public const int ChannelOpen = 8;
    public const int Count = 9;

    private static readonly string[] Names =
    [
        "offer set (A.SetLocalDescription done)",
        "offer applied (B.SetRemoteDescription done)",
        "answer created (B.CreateAnswer done)",
        "answer set (B.SetLocalDescription done)",
        "answer applied (A.SetRemoteDescription done)",
        "answerer ICE connected",
        "offerer ICE connected",
        "offerer connected (DTLS done)",
        "data channel open",
    ];

    private readonly List<double[]> _runs = [];

    public void Add(double[] run)
    {
        lock (_runs)
        {
            _runs.Add(run);
        }
    }

    public string Describe()
    {
        var text = new StringBuilder();
        lock (_runs)
        {
            text.Append(CultureInfo.InvariantCulture, $"setup phases, median of {_runs.Count} runs (ms after CreateOffer):").AppendLine();
            for (int phase = 0; phase < Count; phase++)
            {
                double median = Median(_runs.Select(r => r[phase]).Where(v => v > 0).ToList());
                text.Append(CultureInfo.InvariantCulture, $"  {Names[phase],-46} {median,7:F2}").AppendLine();
            }
        }

        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jingle.Net.Cli.Commands;

/// <summary>
/// The outcome of one data-channel run: time from the start of signaling (offerer: before createOffer; answerer:
/// when the offer arrived) to the open channel, the selected candidate pair, the bytes each way and the rate.
/// <see cref="MegabytesPerSecond"/> is the send rate (first message to last byte acknowledged) when this side sent a
/// file, otherwise the receive rate (first to last message received). <c>--json</c> prints it as one JSON object.
/// </summary>
internal sealed record TransferResult(
    string Signaling,
    double OpenMs,
    string SelectedPair,
    long BytesSent,
    long BytesReceived,
    long MessagesReceived,
    double Seconds,
    bool Ok)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public double MegabytesPerSecond => Seconds > 0 ? Math.Max(BytesSent, BytesReceived) / 1_000_000.0 / Seconds : 0;

    public JsonObject ToJson() => new()
    {
        ["signaling"] = Signaling,
        ["openMs"] = Math.Round(OpenMs, 1),
        ["selectedPair"] = SelectedPair,
        ["bytesSent"] = BytesSent,
        ["bytesReceived"] = BytesReceived,
        ["messagesReceived"] = MessagesReceived,
        ["seconds"] = Math.Round(Seconds, 3),
        ["megabytesPerSecond"] = Math.Round(MegabytesPerSecond, 2),
        ["ok"] = Ok,
    };

    public void Write(TextWriter output, bool json)
    {
        if (json)
        {
            output.WriteLine(ToJson().ToJsonString(JsonOptions));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"open in {OpenMs:F1} ms, pair {SelectedPair}, sent {BytesSent:N0} B, received {BytesReceived:N0} B in {MessagesReceived} messages, {MegabytesPerSecond:F1} MB/s over {Seconds:F2} s{(Ok ? string.Empty : " (incomplete)")}"));
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jingle.Net.Jsep;

/// <summary>Writes <see cref="SdpType"/> as its wire string and reads only the four wire strings.</summary>
internal sealed class SdpTypeJsonConverter : JsonConverter<SdpType>
{
    public override SdpType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !SdpTypes.TryParse(reader.GetString(), out SdpType type))
        {
            throw new JsonException("\"type\" must be \"offer\", \"pranswer\", \"answer\" or \"rollback\".");
        }

        return type;
    }

    public override void Write(Utf8JsonWriter writer, SdpType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWireString());
}

namespace Jingle.Net.Stun;

/// <summary>
/// A STUN message type: a 12-bit method and a 2-bit class interleaved into 14 bits (RFC 8489 §5, figure 3).
/// </summary>
public readonly record struct StunMessageType(StunMethod Method, StunClass Class)
{
    /// <summary>Binding request (0x0001).</summary>
    public static StunMessageType BindingRequest => new(StunMethod.Binding, StunClass.Request);

    /// <summary>Binding success response (0x0101).</summary>
    public static StunMessageType BindingSuccessResponse => new(StunMethod.Binding, StunClass.SuccessResponse);

    /// <summary>Binding error response (0x0111).</summary>
    public static StunMessageType BindingErrorResponse => new(StunMethod.Binding, StunClass.ErrorResponse);

    /// <summary>Binding indication (0x0011).</summary>
    public static StunMessageType BindingIndication => new(StunMethod.Binding, StunClass.Indication);

    /// <summary>True for success and error responses.</summary>
    public bool IsResponse => Class is StunClass.SuccessResponse or StunClass.ErrorResponse;

    /// <summary>The 14-bit wire value.</summary>
    public ushort ToUInt16()
    {
        int m = (ushort)Method & 0xFFF;
        int c = (int)Class;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    /// <summary>Splits a wire value (the top two bits must be zero; they are ignored here).</summary>
    public static StunMessageType FromUInt16(ushort value)
    {
        int m = (value & 0x000F) | ((value >> 1) & 0x0070) | ((value >> 2) & 0x0F80);
        int c = ((value >> 4) & 1) | ((value >> 7) & 2);
        return new StunMessageType((StunMethod)m, (StunClass)c);
    }

    /// <summary>The same method with another class (for building a response).</summary>
    public StunMessageType WithClass(StunClass @class) => new(Method, @class);

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Class}";
}

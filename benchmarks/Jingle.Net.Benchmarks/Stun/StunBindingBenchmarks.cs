using BenchmarkDotNet.Attributes;
using Jingle.Net.Base;
using Jingle.Net.Stun;

namespace Jingle.Net.Benchmarks.Stun;

/// <summary>
/// The ICE hot path: build, and parse + validate, a Binding request with USERNAME, PRIORITY, ICE-CONTROLLING,
/// MESSAGE-INTEGRITY and FINGERPRINT. Reference: benchmarks/reference/stun_libnice.c does the same with libnice.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class StunBindingBenchmarks
{
    private readonly byte[] _buffer = new byte[1500];
    private readonly byte[] _message = new byte[1500];
    private StunIntegrityKey _key = null!;
    private StunTransactionId _id;
    private int _length;

    [GlobalSetup]
    public void Setup()
    {
        _key = StunIntegrityKey.ShortTermRaw("remotepassword0123456789");
        _id = StunTransactionId.CreateRandom(RandomSource.CreateSeeded(1));
        _length = Write(_message);
        if (_length != 88 || !Validate(_message.AsSpan(0, _length)))
        {
            throw new InvalidOperationException("Self-check failed: the request does not validate.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark]
    public int Build() => Write(_buffer);

    [Benchmark]
    public bool ParseValidate() => Validate(_message.AsSpan(0, _length));

    [Benchmark(Baseline = true)]
    public bool BuildParseValidate() => Validate(_buffer.AsSpan(0, Write(_buffer)));

    private int Write(Span<byte> buffer)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, _id);
        writer.AddUsername("rfrag:lfrag");
        writer.AddPriority(0x6E7F1EFF);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddMessageIntegrity(_key);
        writer.AddFingerprint();
        return writer.Length;
    }

    private bool Validate(ReadOnlySpan<byte> packet) =>
        StunMessageReader.TryParse(packet, out StunMessageReader reader, out _)
        && reader.ValidateFingerprint()
        && reader.AttributeEquals(StunAttributeType.Username, "rfrag:lfrag"u8)
        && reader.ValidateMessageIntegrity(_key)
        && reader.TryGetUInt32(StunAttributeType.Priority, out uint priority) && priority == 0x6E7F1EFF
        && reader.TryGetUInt64(StunAttributeType.IceControlling, out ulong tieBreaker) && tieBreaker == 0x0102030405060708;
}

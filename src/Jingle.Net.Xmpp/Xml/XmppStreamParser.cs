using System.Buffers;

namespace Jingle.Net.Xmpp.Xml;

/// <summary>
/// An incremental, purpose-built XML tokenizer for the XMPP subset (RFC 6120 §11): feed it bytes as they arrive,
/// it reports the stream header, every complete first-level element and the stream end. It refuses what the
/// restricted XML profile forbids (DTDs, comments, processing instructions after the prolog, entities other than
/// the five predefined ones and character references), so there is nothing to expand (no billion laughs) and
/// nothing to fetch (no XXE). Limits on stanza size, nesting and attribute count bound memory. The first error
/// stops the parser and leaves the RFC 6120 stream error condition in <see cref="ErrorCondition"/>.
/// </summary>
public sealed partial class XmppStreamParser : IDisposable
{
    private readonly IXmppStreamHandler _handler;
    private readonly XmppParserLimits _limits;
    private readonly List<Frame> _stack = [];
    private readonly List<(string Prefix, string Uri)> _scopes = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanResume;
    private byte _scanQuote;
    private long _stanzaConsumed;
    private bool _streamOpen;
    private bool _sawDeclaration;
    private bool _sawAnyToken;
    private bool _disposed;
    private bool _discard;

    /// <summary>Creates a parser that reports to <paramref name="handler"/>.</summary>
    public XmppStreamParser(IXmppStreamHandler handler, XmppParserLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
        _limits = limits ?? XmppParserLimits.Default;
        _buffer = ArrayPool<byte>.Shared.Rent(4096);
    }

    /// <summary>The stream error condition of the first error (RFC 6120 §4.9.3), or null while all is well.</summary>
    public string? ErrorCondition { get; private set; }

    /// <summary>A human-readable description of the first error (never contains payload bytes).</summary>
    public string? ErrorText { get; private set; }

    /// <summary>The default namespace the peer's stream header declared (<c>jabber:client</c> for a server).</summary>
    public string? StreamDefaultNamespace { get; private set; }

    /// <summary>Element nesting: 0 before the stream header, 1 inside the stream, 2+ inside a stanza.</summary>
    public int Depth => _streamOpen ? 1 + _stack.Count : 0;

    /// <summary>
    /// Forgets the current stream: the next bytes must start a new stream header (RFC 6120 §4.3.3 stream restart
    /// after STARTTLS and SASL). Bytes already buffered are kept and parsed as the new stream.
    /// </summary>
    public void Reset()
    {
        _stack.Clear();
        _scopes.Clear();
        _streamOpen = false;
        _sawDeclaration = false;
        _sawAnyToken = false;
        _stanzaConsumed = 0;
        StreamDefaultNamespace = null;
    }

    /// <summary>Drops any bytes buffered but not parsed (the TLS handshake follows on the same socket).</summary>
    public void DiscardBuffered()
    {
        _discard = true;
        _start = _end = 0;
        _scanResume = 0;
        _scanQuote = 0;
    }

    /// <summary>
    /// Parses <paramref name="data"/> after whatever was buffered. Returns false once the stream is in error;
    /// the handler has been told about every element completed before the error.
    /// </summary>
    public bool Feed(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ErrorCondition is not null)
        {
            return false;
        }

        Append(data);
        _discard = false;
        while (ErrorCondition is null && _start < _end)
        {
            int consumed = ParseToken(_buffer.AsSpan(_start, _end - _start));
            if (_discard)
            {
                _start = _end = 0;
                break;
            }

            if (consumed == 0)
            {
                break;
            }

            _start += consumed;
            _scanResume = 0;
            _scanQuote = 0;
            if (_stack.Count > 0)
            {
                _stanzaConsumed += consumed;
            }
        }

        if (ErrorCondition is null && _stack.Count > 0 && _stanzaConsumed + (_end - _start) > _limits.MaxStanzaBytes)
        {
            Fail(XmppStreamErrorConditions.PolicyViolation, "stanza larger than the limit");
        }
        else if (ErrorCondition is null && _end - _start > _limits.MaxStanzaBytes)
        {
            Fail(XmppStreamErrorConditions.PolicyViolation, "token larger than the limit");
        }

        return ErrorCondition is null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_end + data.Length > _buffer.Length)
        {
            int live = _end - _start;
            if (live + data.Length <= _buffer.Length)
            {
                _buffer.AsSpan(_start, live).CopyTo(_buffer);
            }
            else
            {
                byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(live + data.Length, _buffer.Length * 2));
                _buffer.AsSpan(_start, live).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            _scanResume = Math.Max(0, _scanResume);
            _end = live;
            _start = 0;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    private void Fail(string condition, string text)
    {
        ErrorCondition ??= condition;
        ErrorText ??= text;
    }

    private readonly struct Frame(XmppElement element, string qualifiedName, int scopeCount)
    {
        public XmppElement Element { get; } = element;

        public string QualifiedName { get; } = qualifiedName;

        public int ScopeCount { get; } = scopeCount;
    }
}

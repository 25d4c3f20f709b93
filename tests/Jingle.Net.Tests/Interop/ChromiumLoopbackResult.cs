namespace Jingle.Net.Tests.Interop;

/// <summary>Chromium↔Chromium in one page: createOffer→open ms, the echoed messages, the bulk result (if any) and both SDPs.</summary>
public sealed record ChromiumLoopbackResult(double OpenMs, IReadOnlyList<InteropMessage> Echoed, BulkTransferResult? Bulk,
    string OfferSdp, string AnswerSdp);

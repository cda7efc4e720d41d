using PoolHttp.Engine.Http;

namespace PoolHttp.Tests.Http;

/// <summary>What the parser said about a byte sequence, comparable by value.</summary>
public sealed record ParseOutcome(ParseStatus Status, string? Head, int Consumed, RejectReason? Reason)
{
    public static ParseOutcome NeedMore { get; } = new(ParseStatus.NeedMore, null, 0, null);

    public static ParseOutcome Complete(string head, int consumed) => new(ParseStatus.Complete, head, consumed, null);

    public static ParseOutcome Rejected(RejectReason reason) => new(ParseStatus.Rejected, null, 0, reason);

    public override string ToString() => Status switch
    {
        ParseStatus.Complete => $"Complete({Consumed}): {Abbreviated(Head!)}",
        ParseStatus.Rejected => $"Rejected({Reason})",
        _ => "NeedMore",
    };

    private static string Abbreviated(string text) => text.Length <= 300 ? text : $"{text[..150]}...({text.Length} chars)...{text[^150..]}";
}

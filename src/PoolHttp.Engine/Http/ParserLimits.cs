namespace PoolHttp.Engine.Http;

/// <summary>Size bounds the parser enforces on a request head.</summary>
/// <param name="MaxTarget">Longest request target, in bytes (414 beyond).</param>
/// <param name="MaxHeaderSection">Largest header section after the request line, in bytes (431 beyond).</param>
public sealed record ParserLimits(int MaxTarget = 8 * 1024, int MaxHeaderSection = 32 * 1024)
{
    /// <summary>The contract's limits: 8 KiB target, 32 KiB header section.</summary>
    public static ParserLimits Default { get; } = new();

    /// <summary>Longest request line accepted: the target plus room for method and version.</summary>
    internal int MaxRequestLine => MaxTarget + 64;

    /// <summary>The most bytes a complete head can take, leading blank lines included.</summary>
    internal int MaxHeadBytes => MaxRequestLine + MaxHeaderSection + LeadingBlankLimit + 4;

    /// <summary>How many stray CR/LF bytes may precede a request line.</summary>
    internal const int LeadingBlankLimit = 16;
}

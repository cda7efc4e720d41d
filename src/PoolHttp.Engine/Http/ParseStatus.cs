namespace PoolHttp.Engine.Http;

/// <summary>What one call of <see cref="RequestParser.Parse"/> found.</summary>
public enum ParseStatus
{
    /// <summary>The head is not complete yet; nothing was consumed.</summary>
    NeedMore,
    /// <summary>A complete, valid head was parsed.</summary>
    Complete,
    /// <summary>The head is invalid; see the reject reason.</summary>
    Rejected,
}

namespace PoolHttp.Engine.Http;

/// <summary>What the preconditions of a request are judged against: the target's current state.</summary>
/// <param name="Exists">True when the target has a current representation (<c>If-Match: *</c> holds).</param>
/// <param name="ETag">Its entity tag, quoted (<c>"..."</c> or <c>W/"..."</c>); null when it has none.</param>
/// <param name="LastModified">Its modification time in whole seconds; null when it has none.</param>
public readonly record struct ResourceValidators(bool Exists, string? ETag, DateTimeOffset? LastModified)
{
    /// <summary>A target that does not exist.</summary>
    public static ResourceValidators Missing => new(false, null, null);
}

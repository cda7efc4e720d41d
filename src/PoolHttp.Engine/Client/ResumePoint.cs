namespace PoolHttp.Engine.Client;

/// <summary>
/// Where a resumed download continues: after <paramref name="Offset"/> bytes already on disk, sending
/// <paramref name="Validator"/> as If-Range when one is known. <paramref name="InDestination"/> says the bytes are a
/// partial copy at the destination itself (left by another tool) rather than in our partial file.
/// </summary>
internal readonly record struct ResumePoint(long Offset, string? Validator, bool InDestination)
{
    /// <summary>Nothing to continue: download from byte 0.</summary>
    public static ResumePoint None => default;
}

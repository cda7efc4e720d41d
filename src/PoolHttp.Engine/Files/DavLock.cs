namespace PoolHttp.Engine.Files;

/// <summary>One WebDAV write lock (RFC 4918 section 6), as the lock store keeps it.</summary>
/// <param name="Token">The lock token, a <c>urn:uuid:</c> URI.</param>
/// <param name="Path">The decoded URL path of the locked resource, without a trailing slash ("/" for the root).</param>
/// <param name="Infinite">True for a Depth: infinity lock, which covers every member of a collection.</param>
/// <param name="Exclusive">True for an exclusive lock, false for a shared one.</param>
/// <param name="Owner">The owner element the client sent, as XML text, or empty.</param>
/// <param name="TimeoutSeconds">The timeout granted, in seconds.</param>
/// <param name="ExpiresUtc">When the lock lapses unless refreshed.</param>
public sealed record DavLock(string Token, string Path, bool Infinite, bool Exclusive, string Owner, long TimeoutSeconds, DateTime ExpiresUtc)
{
    /// <summary>True when this lock covers <paramref name="path"/>: the locked resource itself, or a member of an infinite lock.</summary>
    public bool Covers(string path) => Path == path || (Infinite && DavPaths.IsInside(path, Path));
}

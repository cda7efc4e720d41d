using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Stress;

/// <summary>Compares what a transfer moved with the test file.</summary>
internal static class StressVerify
{
    /// <summary>Null when <paramref name="length"/> and <paramref name="sha256"/> are the file's; else an Integrity failure.</summary>
    public static PoolException? Compare(long length, string? sha256, TestFile file, Uri target)
    {
        if (length != file.Size)
            return new PoolException(PoolErrorKind.Integrity, $"Moved {length} bytes; the test file has {file.Size}.", target);
        if (!string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            return new PoolException(PoolErrorKind.Integrity, "The SHA-256 differs from the test file's.", target);
        return null;
    }
}

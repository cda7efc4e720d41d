using System.Globalization;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// The validators of a stored file or folder, computed one way for every method, so that the ETag a GET gave is the
/// one a later PUT or DELETE with If-Match is compared with.
/// </summary>
internal static class FileValidators
{
    /// <summary>A file's strong ETag: its length and its full-resolution modification time.</summary>
    public static string ETag(long length, DateTime writtenUtc) => $"\"{length:x}-{writtenUtc.Ticks:x}\"";

    /// <summary>The modification time as HTTP dates carry it: whole seconds.</summary>
    public static DateTimeOffset LastModified(DateTime writtenUtc) =>
        new(writtenUtc.Ticks - writtenUtc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>The <c>Last-Modified</c> field value of a time in whole seconds.</summary>
    public static string HttpDate(DateTimeOffset modified) => modified.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>
    /// The state of what <paramref name="path"/> names now: a file (with ETag and time), a folder (a time but no ETag:
    /// its listings have their own), or nothing.
    /// </summary>
    public static ResourceValidators Of(ResolvedPath path)
    {
        try
        {
            if (Directory.Exists(path.FullPath))
                return new(true, null, LastModified(Directory.GetLastWriteTimeUtc(path.FullPath)));
            var file = new FileInfo(path.FullPath);
            if (!file.Exists || path.HasTrailingSlash) return ResourceValidators.Missing;
            return new(true, ETag(file.Length, file.LastWriteTimeUtc), LastModified(file.LastWriteTimeUtc));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ResourceValidators.Missing;   // the handler's own access then reports what is wrong
        }
    }
}

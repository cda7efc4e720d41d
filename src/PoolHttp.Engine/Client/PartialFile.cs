using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// The one file a download keeps beside its destination: <c>NAME.part</c>, which holds the bytes received so far.
/// When a failed download is kept for a resume, the validator (ETag, or Last-Modified) those bytes belong to is
/// appended to it as a small trailer (see <see cref="PartialTrailer"/>), so that the partial state is one file; the
/// trailer is cut off before the file is continued, and a finished file never carries one.
/// The destination itself is only ever replaced by a whole, checked file.
/// </summary>
internal sealed class PartialFile
{
    public const string Suffix = ".part";

    private bool _opened;

    public PartialFile(string destination)
    {
        Destination = destination;
        Path = destination + Suffix;
    }

    public string Destination { get; }

    public string Path { get; }

    /// <summary>
    /// The full local path a download writes to: the destination file, or the remote name inside a destination
    /// folder. Throws <see cref="PoolException"/> when no file can be written there.
    /// </summary>
    public static string ResolveDestination(Uri source, string destination)
    {
        if (string.IsNullOrWhiteSpace(destination))
            throw new PoolException(PoolErrorKind.InvalidArgument, "The destination path is empty.", destination);
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(destination);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PoolException(PoolErrorKind.InvalidArgument, "This is not a usable local path.", destination, null, e);
        }
        bool intoFolder = Directory.Exists(full) || LocalPath.EndsWithSeparator(destination);
        if (intoFolder)
        {
            string name = RemoteNames.NameOf(source);
            if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0)
                throw new PoolException(PoolErrorKind.InvalidArgument, "No local file name can be taken from this URL; name the destination file.", source);
            full = System.IO.Path.Join(full, name);
        }
        if (Directory.Exists(full))
            throw new PoolException(PoolErrorKind.InvalidArgument, "This is a folder; name a file.", full);
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new PoolException(PoolErrorKind.NotFound, "The destination folder does not exist.", folder);
        return full;
    }

    /// <summary>
    /// Where a resume can continue: our partial file (with the validator of its trailer, if any); else a non-empty
    /// destination, which another tool may have left half-written (no validator is known for it); else nothing.
    /// </summary>
    public async Task<ResumePoint> ResumePointAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (length, validator) = await PartialTrailer.ReadAsync(Path, cancellationToken).ConfigureAwait(false);
            if (length > 0) return new ResumePoint(length, validator, InDestination: false);
            var destination = new FileInfo(Destination);
            return destination is { Exists: true, Length: > 0 } ? new ResumePoint(destination.Length, null, InDestination: true) : ResumePoint.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ResumePoint.None;
        }
    }

    /// <summary>
    /// Opens the partial file for writing at <paramref name="offset"/> (0 truncates it; any trailer is cut off).
    /// With <paramref name="fromDestination"/>, the partial file first becomes a copy of the destination's bytes.
    /// </summary>
    public FileStream Open(long offset, bool fromDestination)
    {
        try
        {
            // Copy-on-continue: the destination another tool left half-written is copied into our partial file, and
            // the rest is appended there, never to the destination. A failure then leaves the destination exactly
            // as it was (the contract) and the partial file holds every byte for the next resume; appending in place
            // would leave the destination changed, and half-changed after a failed write. The copy is a local read,
            // far cheaper than fetching those bytes again, and File.Copy may clone the blocks where the file system can.
            if (fromDestination && offset > 0) File.Copy(Destination, Path, overwrite: true);
            _opened = true;
            var stream = new FileStream(Path, offset > 0 ? FileMode.Open : FileMode.Create, FileAccess.Write, FileShare.Read, 1, useAsync: true);
            if (offset > 0)
            {
                if (stream.Length < offset)
                {
                    stream.Dispose();
                    throw new PoolException(PoolErrorKind.Conflict, $"The file to continue shrank below {offset} bytes while it was being continued.", Path);
                }
                stream.SetLength(offset);
                stream.Position = offset;
            }
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ClientErrors.Local(e, Path);
        }
    }

    /// <summary>Moves the finished file into place, replacing the destination.</summary>
    public void Commit()
    {
        try
        {
            File.Move(Path, Destination, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ClientErrors.Local(e, Destination);
        }
    }

    /// <summary>
    /// Keeps the partial file for a later resume after a failure: when this download wrote to it, stamps it with
    /// <paramref name="validator"/> (or removes it when it holds no byte); a partial file this download never
    /// opened stays as it was, trailer included.
    /// </summary>
    public void Keep(string? validator)
    {
        if (!_opened) return;
        try
        {
            long length = new FileInfo(Path).Length;
            if (length == 0) Delete(Path);
            else if (validator is not null) PartialTrailer.Append(Path, length, validator);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without its trailer the file is still a prefix of the remote file: a resume continues it with Range alone.
        }
    }

    /// <summary>Removes the partial file.</summary>
    public void Discard() => Delete(Path);

    private static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

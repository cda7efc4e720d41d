using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

/// <summary>
/// The files a download keeps beside its destination: <c>NAME.part</c> with the bytes received so far and
/// <c>NAME.part.etag</c> with the validator (ETag, or Last-Modified) they belong to, for a later resume.
/// The destination itself is only ever replaced by a whole, checked file.
/// </summary>
internal sealed class PartialFile
{
    public const string Suffix = ".part";
    public const string ValidatorSuffix = ".part.etag";

    public PartialFile(string destination)
    {
        Destination = destination;
        Path = destination + Suffix;
        ValidatorPath = destination + ValidatorSuffix;
    }

    public string Destination { get; }

    public string Path { get; }

    public string ValidatorPath { get; }

    /// <summary>True when there is no partial file or it holds no byte (nothing worth keeping for a resume).</summary>
    public bool IsEmpty => new FileInfo(Path) is not { Exists: true, Length: > 0 };

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

    /// <summary>How many bytes a resume can keep and the validator they belong to; (0, null) when there is nothing usable.</summary>
    public async Task<(long Length, string? Validator)> ForResumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(Path);
            if (!info.Exists || info.Length == 0 || !File.Exists(ValidatorPath)) return (0, null);
            string validator = (await File.ReadAllTextAsync(ValidatorPath, cancellationToken).ConfigureAwait(false)).Trim();
            return validator.Length == 0 ? (0, null) : (info.Length, validator);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (0, null);
        }
    }

    /// <summary>Opens the partial file for writing at <paramref name="offset"/> (0 truncates it) and records its validator.</summary>
    public async Task<FileStream> OpenAsync(long offset, string? validator, CancellationToken cancellationToken)
    {
        try
        {
            if (validator is null) File.Delete(ValidatorPath);
            else await File.WriteAllTextAsync(ValidatorPath, validator, cancellationToken).ConfigureAwait(false);
            var stream = new FileStream(Path, offset > 0 ? FileMode.Open : FileMode.Create, FileAccess.Write, FileShare.Read, 1, useAsync: true);
            if (offset > 0)
            {
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

    /// <summary>Moves the finished file into place, replacing the destination, and forgets the validator.</summary>
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
        Delete(ValidatorPath);
    }

    /// <summary>Removes the partial file and its validator.</summary>
    public void Discard()
    {
        Delete(Path);
        Delete(ValidatorPath);
    }

    private static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

using System.Globalization;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>GET and HEAD: files with validators, conditional requests and single ranges; folders as listings.</summary>
internal static class GetHandler
{
    public static void Handle(Connection c, RequestTarget target)
    {
        if (c.Head.HasBody) c.CloseAfter();
        var store = c.Server.Store;
        var path = store.ResolveLexically(target.Path);
        if (!path.IsHidden && !path.HasTrailingSlash)
        {
            // A small file unchanged since it was last read here: one statx.
            if (store.SmallFiles?.Find(path.FullPath) is { } cached)
            {
                ServeFile(c, path, null, cached, cached.Content.Length, cached.LastWriteUtc);
                return;
            }
            // The common case in two calls: the kernel confines the walk and the file's facts come with it.
            switch (store.OpenBeneath(path, out var opened, out var facts))
            {
                case BeneathOutcome.File:
                    using (opened)
                    {
                        cached = Keep(store, path, opened!, facts);
                        ServeFile(c, path, cached is null ? opened : null, cached, facts.Length, facts.LastWriteUtc);
                    }
                    return;
                case BeneathOutcome.Missing:
                    throw new HttpError(404, "Not found.");
            }
        }
        if (!path.IsRoot) store.CheckLinks(path.FullPath);
        if (path.IsHidden) throw new HttpError(404, "Not found.");
        if (Directory.Exists(path.FullPath))
        {
            if (!path.HasTrailingSlash && !path.IsRoot)
            {
                string location = RequestTarget.Escape(path.UrlPath) + "/" + (target.Query.Length > 0 ? "?" + target.Query : "");
                c.Respond(301, ReadOnlySpan<byte>.Empty, null, new[] { new KeyValuePair<string, string>("Location", location) });
                return;
            }
            ListingHandler.Handle(c, path, target);
            return;
        }
        if (path.HasTrailingSlash) throw new HttpError(404, "Not found.");
        ServeFile(c, path);
    }

    /// <summary>Reads a small, settled file whole into the store's cache; null for any other (served from the handle).</summary>
    private static CachedFile? Keep(FileStore store, ResolvedPath path, Microsoft.Win32.SafeHandles.SafeFileHandle file, in OpenFileFacts facts)
    {
        if (store.SmallFiles is not { } cache || !cache.Takes(facts)) return null;
        var content = new byte[facts.Length];
        if (ZeroCopy.ReadAt(file, content, 0) != content.Length) return null; // it shrank meanwhile: serve it the usual way
        return cache.Keep(path.FullPath, facts, content, ContentTypeOf(path.Name, content, content.Length));
    }

    private static void ServeFile(Connection c, ResolvedPath path)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        {
            throw new HttpError(404, "Not found."); // a name no file here can have is simply not there, as in nginx
        }
        catch (UnauthorizedAccessException)
        {
            throw new HttpError(403, "The file cannot be read.");
        }
        using (handle)
        {
            // Length and time both from the open file: an upload renamed over the path meanwhile cannot mix two
            // versions into one validator (which a resumed download's If-Range would then trust).
            ServeFile(c, path, handle, null, RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));
        }
    }

    /// <summary>Answers with an open file (<paramref name="handle"/>) or with the bytes of <paramref name="cached"/>.</summary>
    private static void ServeFile(Connection c, ResolvedPath path, Microsoft.Win32.SafeHandles.SafeFileHandle? handle, CachedFile? cached,
        long length, DateTime written)
    {
        var modified = FileValidators.LastModified(written);
        string etag = FileValidators.ETag(length, written);
        string lastModified = FileValidators.HttpDate(modified);

        if (Preconditions.NotModified(c.Head, new ResourceValidators(true, etag, modified), bodyUnread: false))
        {
            c.Respond(304, ReadOnlySpan<byte>.Empty, null, new[] { new KeyValuePair<string, string>("ETag", etag),
                new KeyValuePair<string, string>("Last-Modified", lastModified) });
            return;
        }

        long offset = 0, count = length;
        int status = 200;
        var range = RangeFor(c.Head, etag, modified);
        if (range is not null)
        {
            if (!ByteRange.TryResolve(range, length, out offset, out count))
            {
                throw new HttpError(416, $"The range is outside the file of {length} bytes.")
                    .With("Content-Range", $"bytes */{length}");
            }
            status = 206;
        }

        using var head = c.StartHead(status);
        head.Header("Content-Type", cached?.ContentType ?? ContentTypeOf(path, handle!, length));
        head.Header("Content-Length"u8, count);
        head.Header("Last-Modified", lastModified);
        head.Header("ETag", etag);
        head.Append("Accept-Ranges: bytes\r\n"u8);
        if (status == 206) head.Header("Content-Range", $"bytes {offset}-{offset + count - 1}/{length}");
        c.FinishHead(head);
        if (cached is not null) c.SendBytes(head, cached.Content.AsSpan((int)offset, (int)count));
        else c.SendFile(head, handle!, offset, count);
    }

    private static string? RangeFor(RequestHead head, string etag, DateTimeOffset modified)
    {
        var range = head.Get("Range");
        if (range is null || !IsSingleByteRange(range)) return null;
        var ifRange = head.Get("If-Range");
        if (ifRange is null) return range;
        if (ifRange.StartsWith('"')) return ifRange == etag ? range : null;
        return HttpDate.TryParse(ifRange, out var date) && date == modified ? range : null;
    }

    /// <summary>
    /// True for the one form we honour, <c>bytes=first-[last]</c> or <c>bytes=-suffix</c>. Anything else (other units,
    /// several ranges, bad syntax) is ignored as RFC 9110 allows: a 200 with the whole file, never a 206 that
    /// pretends the whole file was the range asked for.
    /// </summary>
    private static bool IsSingleByteRange(string header)
    {
        var h = header.AsSpan().Trim();
        if (!h.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return false;
        var spec = h[6..].Trim();
        int dash = spec.IndexOf('-');
        if (dash < 0 || spec.Contains(',')) return false;
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (!AllDigits(first) || !AllDigits(last) || (first.IsEmpty && last.IsEmpty)) return false;
        return first.IsEmpty || last.IsEmpty ||
            (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out long a) &&
             long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out long b) && a <= b);
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (char ch in text)
        {
            if (!char.IsAsciiDigit(ch)) return false;
        }
        return true;
    }

    /// <summary>
    /// The media type, with <c>charset=utf-8</c> for a text file that starts as UTF-8. Only text types cost a read (of
    /// the first block, which a small file's send reads again from the page cache); a range answer decides on the
    /// start of the file too, so that every response for one version carries the same type.
    /// </summary>
    private static string ContentTypeOf(ResolvedPath path, Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length)
    {
        string type = MimeTypes.For(path.Name);
        if (!MimeTypes.IsText(type)) return type;
        Span<byte> sample = stackalloc byte[MimeTypes.CharsetSampleSize];
        int read = ZeroCopy.ReadAt(handle, sample[..(int)Math.Min(sample.Length, length)], 0);
        return ContentTypeOf(path.Name, sample[..read], length);
    }

    /// <summary>The same from the file's first bytes in memory (<paramref name="start"/>: all of them, or a sample).</summary>
    private static string ContentTypeOf(string name, ReadOnlySpan<byte> start, long length)
    {
        string type = MimeTypes.For(name);
        if (!MimeTypes.IsText(type)) return type;
        var sample = start[..Math.Min(start.Length, MimeTypes.CharsetSampleSize)];
        // Short of a full sample: the file ended there (or shrank meanwhile), so the sample is all there is.
        return MimeTypes.WithCharset(type, sample, isWholeFile: sample.Length < MimeTypes.CharsetSampleSize || sample.Length >= length);
    }
}

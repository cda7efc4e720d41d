using System.Buffers;
using System.IO.Compression;
using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// <c>GET /dir/?zip</c>: the folder's visible tree as a zip, written straight to the connection while the files are read.
/// ZipArchive in Create mode on a stream that cannot seek writes each entry's sizes and CRC in a data descriptor
/// after its data, and ZIP64 records wherever a size or offset passes 4 GiB, so no temporary file and no
/// whole entry in memory is needed: memory is one 64 KiB chunk buffer, one copy buffer and the deflater's state.
/// </summary>
internal static class ZipHandler
{
    private const int CopyBufferSize = 64 * 1024;

    public static void Handle(Connection c, ResolvedPath folder)
    {
        var store = c.Server.Store;
        // Read the top folder before the head goes out: a folder that vanished or is unreadable still gets its 404/403.
        _ = FolderReader.Read(store, folder.FullPath);
        bool chunked = c.AcceptsChunked;
        if (!chunked) c.CloseAfter();
        using (var head = c.StartHead(200))
        {
            head.Header("Content-Type", "application/zip");
            head.Header("Content-Disposition", ContentDisposition.Attachment(ArchiveName(folder)));
            head.Header("Cache-Control", "no-store");
            head.Header("X-Content-Type-Options", "nosniff");
            if (chunked) head.Header("Transfer-Encoding", "chunked");
            c.FinishHead(head);
            c.SendRaw(head.Span);
        }
        if (c.IsHead) return;
        using var body = new StreamedBody(c, chunked);
        Write(store, folder.FullPath, body);
        body.Finish();
    }

    /// <summary>Writes the zip of a folder's visible tree to <paramref name="destination"/>, which need not seek.</summary>
    public static void Write(FileStore store, string folder, Stream destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (info, entry) in FolderReader.Tree(store, folder))
            {
                if (entry.IsDirectory)
                {
                    zip.CreateEntry(entry.Name + "/").LastWriteTime = ZipTime(info);
                    continue;
                }
                FileStream source;
                try
                {
                    source = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // gone since it was listed, or unreadable: left out like a hidden name
                }
                using (source)
                {
                    var zipped = zip.CreateEntry(entry.Name, CompressionLevel.Fastest);
                    zipped.LastWriteTime = ZipTime(info);
                    using var target = zipped.Open();
                    int read;
                    while ((read = source.Read(buffer, 0, buffer.Length)) > 0) target.Write(buffer, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A zip's DOS time holds 1980 to 2107 only (the setter throws outside); a file's time may be anything.
    private static DateTimeOffset ZipTime(FileSystemInfo info)
    {
        var t = info.LastWriteTime;
        return new DateTimeOffset(t < MinTime ? MinTime : t > MaxTime ? MaxTime : t);
    }

    private static readonly DateTime MinTime = new(1980, 1, 2);
    private static readonly DateTime MaxTime = new(2107, 12, 30);

    private static string ArchiveName(ResolvedPath folder) => (folder.IsRoot ? "files" : folder.Name) + ".zip";
}

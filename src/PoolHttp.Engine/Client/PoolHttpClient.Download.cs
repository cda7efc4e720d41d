using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

public sealed partial class PoolHttpClient
{
    /// <summary>
    /// Downloads one file into <c>DESTINATION.part</c> beside the destination and renames it into place when it
    /// is complete and of the announced length. A failure leaves the destination as it was and, without
    /// <see cref="DownloadOptions.Resume"/>, nothing beside it. With it, the bytes received after a broken or stalled
    /// transfer are kept in that one partial file (which records their validator) and continued next time with
    /// <c>Range</c> and <c>If-Range</c>; a destination that is itself a partial copy is continued from its length.
    /// </summary>
    public async Task<PoolTransferResult> DownloadAsync(DownloadOptions options, TransferCounter? counter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckDownloadSource(options.Source);
        var partial = new PartialFile(PartialFile.ResolveDestination(options.Source, options.Destination));
        counter ??= new TransferCounter();
        var startedAt = DateTime.UtcNow;
        long started = Stopwatch.GetTimestamp();
        using var watch = new IdleWatch(Options.IdleTimeout, cancellationToken);
        bool done = false, keep = false;
        string? validator = null;
        try
        {
            var point = options.Resume ? await partial.ResumePointAsync(watch.Token).ConfigureAwait(false) : ResumePoint.None;
            var (response, from, total, log) = await OpenBodyAsync(options.Source, point.Offset, point.Validator, watch).ConfigureAwait(false);
            using (log)
            using (response)
            {
                validator = ValidatorOf(response);
                counter.Begin(from, total);
                long received = response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable
                    ? FinishWithoutBody(partial, point)
                    : await ReceiveAsync(options.Source, partial, response, (from, total), from > 0 && point.InDestination, counter, watch, log).ConfigureAwait(false);
                done = true;
                return new PoolTransferResult
                {
                    Operation = "Download",
                    Source = options.Source.AbsoluteUri,
                    Destination = partial.Destination,
                    Length = from + received,
                    BytesTransferred = received,
                    Resumed = from > 0,
                    StatusCode = (int)response.StatusCode,
                    Started = startedAt,
                    Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                };
            }
        }
        catch (Exception e) when (e is not PoolException && ClientErrors.IsTransport(e))
        {
            var error = ClientErrors.Translate(e, watch, cancellationToken, options.Source, HttpMethod.Get);
            keep = options.Resume && error is PoolException;
            throw error;
        }
        catch (PoolException e) when (options.Resume && e.Kind is not (PoolErrorKind.Integrity or PoolErrorKind.Disk))
        {
            keep = true;
            throw;
        }
        finally
        {
            // Any other failure (no resume asked, cancelled, bytes that cannot be trusted, a full disk) leaves nothing.
            if (!done && keep) partial.Keep(validator);
            else if (!done) partial.Discard();
        }
    }

    /// <summary>
    /// Writes the body into the partial file from <c>span.From</c> (after copying the destination's first
    /// bytes when <paramref name="fromDestination"/>), checks its length and moves it into place; returns the bytes received.
    /// </summary>
    private static async Task<long> ReceiveAsync(Uri source, PartialFile partial, HttpResponseMessage response, (long From, long? Total) span,
        bool fromDestination, TransferCounter counter, IdleWatch watch, RequestLog log)
    {
        long received;
        var file = partial.Open(span.From, fromDestination);
        await using (file.ConfigureAwait(false))
        {
            watch.Touch();
            received = await CopyBodyAsync(response, file, partial.Path, null, counter, watch, log).ConfigureAwait(false);
            if (span.Total is long t && file.Length != t)
                throw new PoolException(PoolErrorKind.Integrity, $"The file has {file.Length} bytes; the server announced {t}.", source, (int)response.StatusCode, null) { Method = "GET" };
        }
        partial.Commit();
        return received;
    }

    /// <summary>
    /// The server says the bytes on disk are already the whole file (416 with a total equal to them): our partial
    /// file, trailer cut off, becomes the destination; a destination that was whole already stays untouched.
    /// </summary>
    private static long FinishWithoutBody(PartialFile partial, ResumePoint point)
    {
        if (!point.InDestination)
        {
            partial.Open(point.Offset, fromDestination: false).Dispose();
            partial.Commit();
        }
        return 0;
    }

    /// <summary>
    /// Downloads a file into a hashing sink, writing nothing to disk: returns its length and SHA-256 (for checking
    /// transfers in a stress run). The result's <see cref="PoolTransferResult.Destination"/> is empty.
    /// </summary>
    public async Task<PoolTransferResult> DownloadToHashAsync(Uri source, TransferCounter? counter = null, CancellationToken cancellationToken = default)
    {
        CheckDownloadSource(source);
        counter ??= new TransferCounter();
        var startedAt = DateTime.UtcNow;
        long started = Stopwatch.GetTimestamp();
        using var watch = new IdleWatch(Options.IdleTimeout, cancellationToken);
        try
        {
            var (response, _, total, log) = await OpenBodyAsync(source, 0, null, watch).ConfigureAwait(false);
            using (log)
            using (response)
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                counter.Begin(0, total);
                long received = await CopyBodyAsync(response, null, null, hash, counter, watch, log).ConfigureAwait(false);
                if (total is long t && received != t)
                    throw new PoolException(PoolErrorKind.Integrity, $"Received {received} bytes; the server announced {t}.", source, (int)response.StatusCode, null) { Method = "GET" };
                return new PoolTransferResult
                {
                    Operation = "Download",
                    Source = source.AbsoluteUri,
                    Destination = string.Empty,
                    Length = received,
                    BytesTransferred = received,
                    StatusCode = (int)response.StatusCode,
                    Started = startedAt,
                    Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                    Sha256 = Hex.Lower(hash.GetHashAndReset()),
                };
            }
        }
        catch (Exception e) when (e is not PoolException && ClientErrors.IsTransport(e))
        {
            throw ClientErrors.Translate(e, watch, cancellationToken, source, HttpMethod.Get);
        }
    }

    private static void CheckDownloadSource(Uri source)
    {
        RemoteNames.Check(source);
        if (RemoteNames.IsFolder(source))
            throw new PoolException(PoolErrorKind.InvalidArgument, "This names a folder; list it, or name a file in it.", source) { Method = "GET" };
    }

    /// <summary>
    /// Sends the GET (a range from <paramref name="offset"/>, with If-Range when there is a validator) and returns the
    /// response ready for its body, where the body starts in the file, the file's whole length when announced, and the
    /// request's log, which the caller disposes once the body has moved. A 416 comes back only when the file's whole
    /// length is <paramref name="offset"/>: nothing is missing.
    /// </summary>
    private async Task<(HttpResponseMessage Response, long From, long? Total, RequestLog Log)> OpenBodyAsync(Uri source, long offset, string? validator, IdleWatch watch)
    {
        while (true)
        {
            var log = StartRequest(HttpMethod.Get, source, source);
            HttpResponseMessage response;
            using (var request = new HttpRequestMessage(HttpMethod.Get, source))
            {
                if (offset > 0)
                {
                    // Without a validator (a partial copy another tool left) the Range goes alone, as curl -C - and
                    // wget -c send it: the 206's Content-Range is then the check that these are the bytes asked for.
                    request.Headers.Range = new RangeHeaderValue(offset, null);
                    if (validator is not null) request.Headers.TryAddWithoutValidation("If-Range", validator);
                }
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watch.Token).ConfigureAwait(false);
                }
                catch
                {
                    log.Dispose();
                    throw;
                }
            }
            watch.Touch();
            log.Answered(response);
            try
            {
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && offset > 0)
                {
                    // The bytes on disk reach the end of the remote file: when its length is theirs they are the whole
                    // file (done, without a body); when it is shorter they cannot be a prefix of it: start again from zero.
                    if (response.Content.Headers.ContentRange?.Length == offset) return (response, offset, offset, log);
                    response.Dispose();
                    log.Dispose();
                    offset = 0;
                    continue;
                }
                if (!response.IsSuccessStatusCode)
                    throw await ClientErrors.FromResponseAsync(response, source, watch.Token).ConfigureAwait(false);
                if (response.RequestMessage?.RequestUri is Uri final && RemoteNames.IsFolder(final))
                    throw new PoolException(PoolErrorKind.InvalidArgument, "This is a folder; list it, or name a file in it.", source) { Method = "GET" };
                if (response.StatusCode != HttpStatusCode.PartialContent)
                    return (response, 0, response.Content.Headers.ContentLength, log);
                var range = response.Content.Headers.ContentRange;
                if (offset == 0 || range is null || range.From != offset || range.Length is null || range.To != range.Length - 1)
                    throw new PoolException(PoolErrorKind.Protocol, $"The server sent a range other than the one asked for ({range}).", source, 206, null) { Method = "GET" };
                return (response, offset, range.Length, log);
            }
            catch
            {
                response.Dispose();
                log.Dispose();
                throw;
            }
        }
    }

    /// <summary>What a later resume sends as If-Range: the strong ETag, or else the Last-Modified date.</summary>
    private static string? ValidatorOf(HttpResponseMessage response)
    {
        var etag = response.Headers.ETag;
        if (etag is { IsWeak: false }) return etag.Tag;
        return response.Content.Headers.LastModified is DateTimeOffset modified
            ? modified.ToString("r", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>Copies a response body into a file and/or a hash through one pooled buffer; returns the bytes copied.</summary>
    private static async Task<long> CopyBodyAsync(HttpResponseMessage response, FileStream? file, string? filePath, IncrementalHash? hash,
        TransferCounter counter, IdleWatch watch, RequestLog log)
    {
        var body = await response.Content.ReadAsStreamAsync(watch.Token).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long copied = 0;
                int n;
                while ((n = await body.ReadAsync(buffer.AsMemory(0, BufferSize), watch.Token).ConfigureAwait(false)) > 0)
                {
                    watch.Touch();
                    if (file is not null) await WriteAsync(file, filePath!, buffer.AsMemory(0, n), watch.Token).ConfigureAwait(false);
                    hash?.AppendData(buffer, 0, n);
                    copied += n;
                    log.Bytes = copied;
                    counter.Add(n);
                }
                return copied;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static async Task WriteAsync(FileStream file, string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ClientErrors.Local(e, path);
        }
    }
}

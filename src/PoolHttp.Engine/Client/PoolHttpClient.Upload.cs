using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using PoolHttp.Engine.Http;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

public sealed partial class PoolHttpClient
{
    /// <summary>
    /// Uploads one file: a streaming PUT with <c>Content-Length</c> and <c>Expect: 100-continue</c> (or a
    /// multipart/form-data POST to the folder when <see cref="UploadOptions.Multipart"/>), counting progress in
    /// <paramref name="counter"/> and, when asked, computing the SHA-256 of the bytes sent.
    /// </summary>
    public async Task<PoolTransferResult> UploadAsync(UploadOptions options, TransferCounter? counter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RemoteNames.Check(options.Destination);
        if (options.Multipart && (options.NoOverwrite || options.IfMatch is not null))
            throw new PoolException(PoolErrorKind.InvalidArgument, "A form upload always replaces; NoOverwrite and IfMatch need a PUT.", options.Destination);
        string? ifMatch = null;
        if (options.IfMatch is not null && !EntityTag.TryQuote(options.IfMatch, out ifMatch))
            throw new PoolException(PoolErrorKind.InvalidArgument, $"'{options.IfMatch}' is not one entity tag.", options.Destination);
        counter ??= new TransferCounter();
        var (file, path) = OpenForUpload(options.Path);
        using (file)
        {
            Uri target = RemoteNames.IsFolder(options.Destination)
                ? RemoteNames.Child(options.Destination, Path.GetFileName(path), isFolder: false)
                : options.Destination;
            long length = RandomAccess.GetLength(file);
            var startedAt = DateTime.UtcNow;
            long started = Stopwatch.GetTimestamp();
            using var watch = new IdleWatch(Options.IdleTimeout, cancellationToken);
            counter.Begin(0, length);
            using var content = new FileUploadContent(file, path, length, counter, watch, options.ComputeSha256);
            var method = options.Multipart ? HttpMethod.Post : HttpMethod.Put;
            int status;
            try
            {
                using var log = StartRequest(method, options.Multipart ? RemoteNames.Parent(target) : target, target);
                using var request = options.Multipart ? FormRequest(target, content) : PutRequest(target, content, length, options.NoOverwrite, ifMatch);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watch.Token).ConfigureAwait(false);
                watch.Touch();
                log.Answered(response);
                log.Bytes = counter.BytesDone;
                if (!response.IsSuccessStatusCode)
                    throw await ClientErrors.FromResponseAsync(response, target, watch.Token).ConfigureAwait(false);
                if (options.Multipart) await CheckFormAnswerAsync(response, RemoteNames.NameOf(target), length, target, watch).ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is not PoolException && ClientErrors.IsTransport(e))
            {
                throw ClientErrors.Translate(e, watch, cancellationToken, target, method);
            }
            return new PoolTransferResult
            {
                Operation = "Upload",
                Source = path,
                Destination = target.AbsoluteUri,
                Length = length,
                BytesTransferred = length,
                StatusCode = status,
                Started = startedAt,
                Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                Sha256 = content.Sha256,
            };
        }
    }

    private static (SafeFileHandle File, string FullPath) OpenForUpload(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PoolException(PoolErrorKind.InvalidArgument, "This is not a usable local path.", path, null, e);
        }
        if (Directory.Exists(full))
            throw new PoolException(PoolErrorKind.InvalidArgument, "This is a folder; upload the files in it.", full);
        try
        {
            return (File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.SequentialScan), full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ClientErrors.Local(e, full);
        }
    }

    private static HttpRequestMessage PutRequest(Uri target, HttpContent content, long length, bool noOverwrite, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, target) { Content = content };
        // Lets the server refuse (412, 413, 403...) before a single body byte is sent.
        if (length > 0) request.Headers.ExpectContinue = true;
        if (noOverwrite) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    private static HttpRequestMessage FormRequest(Uri target, HttpContent file)
    {
        string name = RemoteNames.NameOf(target);
        // RFC 6266: an ASCII fallback for old parsers, the exact UTF-8 name in filename*.
        var ascii = new StringBuilder(name.Length);
        foreach (char ch in name) ascii.Append(ch is >= ' ' and < (char)127 and not '"' and not '\\' ? ch : '_');
        file.Headers.TryAddWithoutValidation("Content-Disposition",
            $"form-data; name=\"file\"; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}");
        var form = new MultipartFormDataContent("poolhttp-" + Guid.NewGuid().ToString("N")) { file };
        var request = new HttpRequestMessage(HttpMethod.Post, RemoteNames.Parent(target)) { Content = form };
        request.Headers.ExpectContinue = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>A PoolHttp server answers a form with what it stored; check our file is there whole. Other servers: trust the status.</summary>
    private static async Task CheckFormAnswerAsync(HttpResponseMessage response, string name, long length, Uri target, IdleWatch watch)
    {
        if (!ClientErrors.IsJson(response.Content.Headers.ContentType)) return;
        var body = new WatchedStream(await response.Content.ReadAsStreamAsync(watch.Token).ConfigureAwait(false), watch);
        await using (body.ConfigureAwait(false))
        {
            JsonDocument doc;
            try
            {
                doc = await JsonDocument.ParseAsync(body, default, watch.Token).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new PoolException(PoolErrorKind.Protocol, "The server's answer to the form is not valid JSON.", target, (int)response.StatusCode, e) { Method = "POST" };
            }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Array) return;
                foreach (var stored in doc.RootElement.EnumerateArray())
                {
                    if (stored.ValueKind == JsonValueKind.Object && stored.TryGetProperty("name", out var n) && n.GetString() == name &&
                        stored.TryGetProperty("size", out var s) && s.TryGetInt64(out long size))
                    {
                        if (size == length) return;
                        throw new PoolException(PoolErrorKind.Integrity, $"The server stored {size} of {length} bytes.", target, (int)response.StatusCode, null) { Method = "POST" };
                    }
                }
                throw new PoolException(PoolErrorKind.Protocol, $"The server's answer does not list '{name}' as stored.", target, (int)response.StatusCode, null) { Method = "POST" };
            }
        }
    }
}

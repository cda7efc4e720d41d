using System.Net.Http.Headers;
using System.Text.Json;
using PoolHttp.Engine.Results;

namespace PoolHttp.Engine.Client;

public sealed partial class PoolHttpClient
{
    /// <summary>How deep a recursive listing goes before it is taken for a link loop.</summary>
    public const int MaxListingDepth = 128;

    private static readonly JsonSerializerOptions ListingJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Lists a remote folder from the server's JSON listing (<c>GET folder/</c> with <c>Accept: application/json</c>),
    /// sorted as the server sorts; with <see cref="ListOptions.Recurse"/> each folder is followed by its contents.
    /// </summary>
    public async Task<IReadOnlyList<PoolFileInfo>> ListAsync(ListOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RemoteNames.Check(options.Folder);
        var root = RemoteNames.AsFolder(options.Folder);
        var result = new List<PoolFileInfo>();
        using var watch = new IdleWatch(Options.IdleTimeout, cancellationToken);
        Uri current = root;
        try
        {
            var pending = new Stack<IEnumerator<PoolFileInfo>>();
            pending.Push((await ListOneAsync(root, watch).ConfigureAwait(false)).GetEnumerator());
            while (pending.Count > 0)
            {
                var entries = pending.Peek();
                if (!entries.MoveNext())
                {
                    pending.Pop();
                    continue;
                }
                var entry = entries.Current;
                result.Add(entry);
                if (!options.Recurse || entry.Type != PoolEntryType.Directory) continue;
                if (pending.Count >= MaxListingDepth)
                    throw new PoolException(PoolErrorKind.Protocol, $"The folder tree is deeper than {MaxListingDepth} levels (a link loop?).", entry.Uri) { Method = "GET" };
                current = entry.Uri;
                pending.Push((await ListOneAsync(entry.Uri, watch).ConfigureAwait(false)).GetEnumerator());
            }
        }
        catch (Exception e) when (e is not PoolException && ClientErrors.IsTransport(e))
        {
            throw ClientErrors.Translate(e, watch, cancellationToken, current, HttpMethod.Get);
        }
        return result;
    }

    private async Task<List<PoolFileInfo>> ListOneAsync(Uri folder, IdleWatch watch)
    {
        using var log = StartRequest(HttpMethod.Get, folder, folder);
        using var request = new HttpRequestMessage(HttpMethod.Get, folder);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watch.Token).ConfigureAwait(false);
        watch.Touch();
        log.Answered(response);
        if (!response.IsSuccessStatusCode)
            throw await ClientErrors.FromResponseAsync(response, folder, watch.Token).ConfigureAwait(false);
        if (!ClientErrors.IsJson(response.Content.Headers.ContentType))
            throw new PoolException(PoolErrorKind.Protocol, "The server did not answer with a JSON listing; is this a folder of a PoolHttp server?", folder, (int)response.StatusCode, null) { Method = "GET" };
        var body = new WatchedStream(await response.Content.ReadAsStreamAsync(watch.Token).ConfigureAwait(false), watch);
        await using (body.ConfigureAwait(false))
        {
            var list = new List<PoolFileInfo>();
            try
            {
                await foreach (var e in JsonSerializer.DeserializeAsyncEnumerable<ListingEntry>(body, ListingJson, watch.Token).ConfigureAwait(false))
                {
                    if (e?.Name is null) throw new JsonException("A listing entry has no name.");
                    bool isFolder = string.Equals(e.Type, "directory", StringComparison.OrdinalIgnoreCase);
                    var modified = e.Modified.Kind == DateTimeKind.Utc ? e.Modified : e.Modified.ToUniversalTime();
                    list.Add(new PoolFileInfo(e.Name, isFolder ? PoolEntryType.Directory : PoolEntryType.File, isFolder ? 0 : e.Size,
                        modified, RemoteNames.Child(folder, e.Name, isFolder)));
                }
            }
            catch (JsonException x)
            {
                throw new PoolException(PoolErrorKind.Protocol, "The server's listing is not the expected JSON: " + ClientErrors.OneLine(x.Message), folder, (int)response.StatusCode, x) { Method = "GET" };
            }
            finally
            {
                log.Bytes = body.BytesRead;
            }
            return list;
        }
    }

    /// <summary>One element of the server's JSON listing.</summary>
    private sealed class ListingEntry
    {
        public string? Name { get; set; }

        public string? Type { get; set; }

        public long Size { get; set; }

        public DateTime Modified { get; set; }
    }
}

using PoolHttp.Engine.Files;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>
/// Refusals more than one handler makes, written once: a path the store refused (the one place its reasons become
/// statuses), a hidden name as a write target, a body over the configured limit.
/// </summary>
internal static class Refusals
{
    /// <summary>The status a path refusal answers with: 400 for a path no file could have, 403 for one leaving the root.</summary>
    public static int StatusOf(PathRefusalReason reason) => reason == PathRefusalReason.Malformed ? 400 : 403;

    /// <summary>The response to a path the store refused; the connection closes if the body stays unread.</summary>
    public static HttpError ForPath(PathRefusal refusal) => new(StatusOf(refusal.Reason), refusal.Message);

    /// <summary>Refuses a write to a hidden name (any segment starting with '.'); <paramref name="name"/> names a multipart file.</summary>
    public static void HiddenWrite(ResolvedPath path, bool bodyUnread, string? name = null)
    {
        if (!path.IsHidden) return;
        throw new HttpError(403, name is null
            ? "Names starting with '.' are not writable."
            : $"'{name}': names starting with '.' are not writable.", bodyUnread);
    }

    /// <summary>Refuses a body of <paramref name="length"/> bytes (announced or read so far) over the limit, if there is one.</summary>
    public static void BodyOverLimit(long? limit, long? length, bool closeConnection)
    {
        if (limit is long max && length > max)
            throw new HttpError(413, $"The request body exceeds the limit of {max} bytes.", closeConnection);
    }
}

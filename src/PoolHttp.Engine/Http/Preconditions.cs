using System.Globalization;

namespace PoolHttp.Engine.Http;

/// <summary>
/// The one evaluation of If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since for every method, in the
/// order of RFC 9110 13.2.2. Handlers call it after their own checks (a missing target's 404 comes first) and before
/// they read a body or change anything.
/// </summary>
public static class Preconditions
{
    /// <summary>
    /// Throws a 412 <see cref="HttpError"/> (closing the connection when a body is left unread) when a condition
    /// fails; true when a GET or HEAD is to be answered with 304.
    /// </summary>
    public static bool NotModified(RequestHead head, ResourceValidators current, bool bodyUnread)
    {
        ArgumentNullException.ThrowIfNull(head);
        var outcome = Evaluate(head, current, out string failure);
        if (outcome == PreconditionOutcome.Failed) throw new HttpError(412, failure, bodyUnread);
        return outcome == PreconditionOutcome.NotModified;
    }

    /// <summary>Decides the request's conditions against <paramref name="current"/>; <paramref name="failure"/> says why one failed.</summary>
    public static PreconditionOutcome Evaluate(RequestHead head, ResourceValidators current, out string failure)
    {
        ArgumentNullException.ThrowIfNull(head);
        failure = "";
        bool read = head.Method is "GET" or "HEAD";
        string? ifMatch = head.GetList("If-Match");
        if (ifMatch is not null)
        {
            // 13.1.1: strong comparison, so a weak tag never matches; "*" asks only that the target exist.
            if (!Matches(ifMatch, current, weak: false))
            {
                failure = IfMatchFailure(current);
                return PreconditionOutcome.Failed;
            }
        }
        else if (ModifiedAfter(head.Get("If-Unmodified-Since"), current) is { } modified)
        {
            failure = $"It was modified at {Format(modified)}, after the If-Unmodified-Since date.";
            return PreconditionOutcome.Failed;
        }

        string? ifNoneMatch = head.GetList("If-None-Match");
        if (ifNoneMatch is not null)
        {
            if (!Matches(ifNoneMatch, current, weak: true)) return PreconditionOutcome.Proceed;
            if (read) return PreconditionOutcome.NotModified;
            failure = IfNoneMatchFailure(ifNoneMatch, head.Method);
            return PreconditionOutcome.Failed;
        }
        if (read && NotModifiedSince(head.Get("If-Modified-Since"), current)) return PreconditionOutcome.NotModified;
        return PreconditionOutcome.Proceed;
    }

    private static bool Matches(string list, ResourceValidators current, bool weak)
    {
        if (list.Trim() == "*") return current.Exists;
        return current.ETag is { } etag && EntityTag.AnyMatches(list, etag, weak);
    }

    /// <summary>The modification time when it is later than a valid date in the field (13.1.4); otherwise null.</summary>
    private static DateTimeOffset? ModifiedAfter(string? field, ResourceValidators current) =>
        field is not null && current.LastModified is { } modified && HttpDate.TryParse(field, out var since) && modified > since
            ? modified
            : null;

    private static bool NotModifiedSince(string? field, ResourceValidators current) =>
        field is not null && current.LastModified is { } modified && HttpDate.TryParse(field, out var since) && modified <= since;

    private static string IfMatchFailure(ResourceValidators current)
    {
        if (!current.Exists) return "Nothing exists here, and If-Match asks for a current version.";
        if (current.ETag is null) return "This has no entity tag, so no tag in If-Match can match it.";
        return $"The current version has the ETag {current.ETag}, not one that If-Match names: it changed since that version.";
    }

    private static string IfNoneMatchFailure(string list, string method)
    {
        if (list.Trim() != "*") return "The current version's ETag is one that If-None-Match names.";
        return method is "PUT" or "POST"
            ? "The file exists and If-None-Match: * forbids replacing it."
            : $"It exists and If-None-Match: * forbids the {method}.";
    }

    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
}

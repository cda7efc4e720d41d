namespace PoolHttp.Engine.Results;

/// <summary>Reason phrases (RFC 9110) for the statuses the server sends, as results and messages name them.</summary>
public static class StatusText
{
    /// <summary>What <see cref="For"/> answers for a status it has no phrase for.</summary>
    public const string Unknown = "Unknown";

    /// <summary>The reason phrase for <paramref name="status"/>.</summary>
    public static string For(int status) => status switch
    {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        303 => "See Other",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        _ => Unknown,
    };
}

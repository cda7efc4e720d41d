namespace PoolHttp.Engine.Http;

/// <summary>
/// A refusal that becomes a problem+json response. Thrown inside request handling only, before any response
/// byte is written; <see cref="CloseConnection"/> says whether an unread request body forbids keeping the connection.
/// </summary>
public sealed class HttpError : Exception
{
    /// <summary>Creates a refusal with a status and a human-readable detail.</summary>
    public HttpError(int status, string detail, bool closeConnection = false) : base(detail)
    {
        Status = status;
        CloseConnection = closeConnection;
    }

    /// <summary>The HTTP status code to answer with.</summary>
    public int Status { get; }

    /// <summary>True when the connection must close after the answer.</summary>
    public bool CloseConnection { get; }

    /// <summary>Extra header lines (name, value) such as Allow or Content-Range.</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = new();

    /// <summary>Adds a header to send with the refusal and returns this error.</summary>
    public HttpError With(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}

namespace PoolHttp.Engine.Http;

/// <summary>What a request's conditional header fields decide (RFC 9110 13.2.2).</summary>
public enum PreconditionOutcome
{
    /// <summary>Every condition holds, or there is none: perform the method.</summary>
    Proceed,

    /// <summary>A GET or HEAD whose If-None-Match or If-Modified-Since fails: answer 304.</summary>
    NotModified,

    /// <summary>A condition fails: answer 412 and change nothing.</summary>
    Failed,
}

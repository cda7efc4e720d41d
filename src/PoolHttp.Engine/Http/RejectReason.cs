namespace PoolHttp.Engine.Http;

/// <summary>Why a request head was refused before any handler saw it.</summary>
public enum RejectReason
{
    /// <summary>The request line is not <c>method SP target SP version</c>.</summary>
    BadRequestLine,
    /// <summary>A header field line is malformed (no colon, space before colon, control characters, obsolete folding).</summary>
    BadHeader,
    /// <summary>The request target is longer than the configured limit (414).</summary>
    TargetTooLong,
    /// <summary>The header section is larger than the configured limit (431).</summary>
    HeaderTooLarge,
    /// <summary>
    /// Both Content-Length and Transfer-Encoding, Content-Length values that disagree or do not parse, chunked that is
    /// not the final transfer coding, or Transfer-Encoding on an HTTP/1.0 request.
    /// </summary>
    BadFraming,
    /// <summary>A transfer coding other than chunked (501).</summary>
    UnknownTransferEncoding,
    /// <summary>An HTTP version other than 1.0 or 1.1 (505).</summary>
    VersionNotSupported,
    /// <summary>HTTP/1.1 without a Host header, or any request with more than one.</summary>
    BadHost,
    /// <summary>The header section did not arrive within the header timeout (408).</summary>
    HeaderTimeout,
}

using System.Diagnostics;

namespace PoolHttp.Engine.Client;

/// <summary>
/// Times one request and tells <see cref="PoolClientOptions.RequestCompleted"/> about it exactly once, when
/// disposed: with the status when an answer came, and the body bytes counted in <see cref="Bytes"/>.
/// </summary>
internal sealed class RequestLog : IDisposable
{
    private readonly Action<RequestSummary>? _sink;
    private readonly HttpMethod _method;
    private readonly Uri _uri;
    private readonly long _started = Stopwatch.GetTimestamp();
    private int? _status;
    private string? _reason;
    private bool _done;

    public RequestLog(Action<RequestSummary>? sink, HttpMethod method, Uri uri)
    {
        _sink = sink;
        _method = method;
        _uri = uri;
    }

    /// <summary>The body bytes that moved (sent for PUT and POST, received otherwise).</summary>
    public long Bytes { get; set; }

    /// <summary>Notes the answer's status.</summary>
    public void Answered(HttpResponseMessage response)
    {
        _status = (int)response.StatusCode;
        _reason = response.ReasonPhrase;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _sink?.Invoke(new RequestSummary(_method.Method, _uri, _status, _reason, Bytes, Stopwatch.GetElapsedTime(_started)));
    }
}

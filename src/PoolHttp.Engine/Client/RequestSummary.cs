using System.Globalization;
using PoolHttp.Engine.Results;
using PoolHttp.Engine.Server;

namespace PoolHttp.Engine.Client;

/// <summary>One HTTP request a client made, once it ended: what <c>-Verbose</c> shows for it.</summary>
/// <param name="Method">GET, PUT, POST, DELETE.</param>
/// <param name="Uri">The URL the request went to.</param>
/// <param name="StatusCode">The status of the answer; null when none came (unreachable, timed out, cancelled).</param>
/// <param name="ReasonPhrase">The reason phrase of the answer, or null.</param>
/// <param name="Bytes">The body bytes that moved: sent for a request with a body (PUT, POST), received otherwise.</param>
/// <param name="Elapsed">From sending the request to the end of its body.</param>
public sealed record RequestSummary(string Method, Uri Uri, int? StatusCode, string? ReasonPhrase, long Bytes, TimeSpan Elapsed)
{
    /// <summary>One line: <c>PUT http://host/a.bin: 201 Created, 5 B in 0.01 s</c>, or <c>GET http://host/a.bin: no answer after 5.00 s</c>.</summary>
    public override string ToString()
    {
        string target = Method + " " + Uri.AbsoluteUri;
        if (StatusCode is not int code)
            return string.Create(CultureInfo.InvariantCulture, $"{target}: no answer after {Elapsed.TotalSeconds:0.00} s");
        string reason = string.IsNullOrWhiteSpace(ReasonPhrase) ? StatusText.For(code) : ReasonPhrase.Trim();
        return string.Create(CultureInfo.InvariantCulture,
            $"{target}: {code} {reason}, {TransferCounter.FormatBytes(Bytes)} in {Elapsed.TotalSeconds:0.00} s");
    }
}

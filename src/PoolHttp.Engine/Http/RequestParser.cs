using System.Text;

namespace PoolHttp.Engine.Http;

/// <summary>
/// Parses an HTTP/1.x request head from bytes already received. It does no I/O: it either needs more bytes
/// (consuming nothing), returns a complete head, or rejects. The outcome never depends on how the bytes were split.
/// </summary>
public static class RequestParser
{
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';
    private const byte SP = (byte)' ';
    private const byte HT = (byte)'\t';
    private const byte Colon = (byte)':';

    /// <summary>Parses one request head from the start of <paramref name="input"/>.</summary>
    /// <param name="input">Received bytes, starting where the request starts.</param>
    /// <param name="limits">Size limits to enforce.</param>
    /// <param name="head">The head, when complete.</param>
    /// <param name="consumed">Bytes taken by the head (0 unless complete).</param>
    /// <param name="reason">Why the head was rejected, when rejected.</param>
    public static ParseStatus Parse(ReadOnlySpan<byte> input, ParserLimits limits, out RequestHead? head,
        out int consumed, out RejectReason reason)
    {
        head = null;
        consumed = 0;
        reason = default;

        int pos = 0;
        while (pos < input.Length && (input[pos] == CR || input[pos] == LF)) pos++;
        if (pos > ParserLimits.LeadingBlankLimit) return Reject(RejectReason.BadRequestLine, out reason);

        int lineLength = input[pos..].IndexOf(LF);
        if (lineLength < 0)
        {
            // A final CR may be the start of the CRLF, which the complete line's length does not count either.
            int partial = input.Length - pos;
            if (partial > 0 && input[^1] == CR) partial--;
            return partial > limits.MaxRequestLine ? Reject(RejectReason.TargetTooLong, out reason) : ParseStatus.NeedMore;
        }
        var requestLine = TrimCR(input.Slice(pos, lineLength));
        if (requestLine.Length > limits.MaxRequestLine) return Reject(RejectReason.TargetTooLong, out reason);

        var lineStatus = ParseRequestLine(requestLine, limits, out string method, out string target, out bool http11, out reason);
        if (lineStatus != ParseStatus.Complete) return lineStatus;

        int headerStart = pos + lineLength + 1;
        var lines = new List<Range>(16);
        int p = headerStart;
        while (true)
        {
            int nl = input[p..].IndexOf(LF);
            if (nl < 0)
            {
                return input.Length - headerStart > limits.MaxHeaderSection
                    ? Reject(RejectReason.HeaderTooLarge, out reason)
                    : ParseStatus.NeedMore;
            }
            int lineEnd = p + nl;
            int contentEnd = lineEnd > p && input[lineEnd - 1] == CR ? lineEnd - 1 : lineEnd;
            int next = lineEnd + 1;
            if (next - headerStart > limits.MaxHeaderSection) return Reject(RejectReason.HeaderTooLarge, out reason);
            if (contentEnd == p) { p = next; break; }
            lines.Add(new Range(p, contentEnd));
            p = next;
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Count);
        foreach (var range in lines)
        {
            if (!TryParseField(input[range], out var field)) return Reject(RejectReason.BadHeader, out reason);
            headers.Add(field);
        }

        var framing = Framing.From(headers, http11, out reason);
        if (framing is null) return ParseStatus.Rejected;

        head = new RequestHead(method, target, http11, headers, framing.Value.ContentLength, framing.Value.Chunked,
            framing.Value.KeepAlive, framing.Value.ExpectContinue);
        consumed = p;
        return ParseStatus.Complete;
    }

    private static ParseStatus Reject(RejectReason why, out RejectReason reason)
    {
        reason = why;
        return ParseStatus.Rejected;
    }

    private static ReadOnlySpan<byte> TrimCR(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == CR ? line[..^1] : line;

    private static ParseStatus ParseRequestLine(ReadOnlySpan<byte> line, ParserLimits limits, out string method,
        out string target, out bool http11, out RejectReason reason)
    {
        method = target = string.Empty;
        http11 = false;
        reason = default;
        int sp1 = line.IndexOf(SP);
        int sp2 = line.LastIndexOf(SP);
        if (sp1 <= 0 || sp2 <= sp1 + 1) return Reject(RejectReason.BadRequestLine, out reason);

        var methodBytes = line[..sp1];
        var targetBytes = line[(sp1 + 1)..sp2];
        var versionBytes = line[(sp2 + 1)..];
        if (!IsToken(methodBytes)) return Reject(RejectReason.BadRequestLine, out reason);
        if (targetBytes.Length > limits.MaxTarget) return Reject(RejectReason.TargetTooLong, out reason);
        foreach (byte b in targetBytes)
        {
            if (b <= SP || b >= 0x7F) return Reject(RejectReason.BadRequestLine, out reason);
        }

        if (versionBytes.SequenceEqual("HTTP/1.1"u8)) http11 = true;
        else if (!versionBytes.SequenceEqual("HTTP/1.0"u8))
        {
            bool wellFormed = versionBytes.Length == 8 && versionBytes.StartsWith("HTTP/"u8) &&
                char.IsAsciiDigit((char)versionBytes[5]) && versionBytes[6] == (byte)'.' && char.IsAsciiDigit((char)versionBytes[7]);
            return Reject(wellFormed ? RejectReason.VersionNotSupported : RejectReason.BadRequestLine, out reason);
        }

        method = KnownMethod(methodBytes) ?? Encoding.ASCII.GetString(methodBytes);
        target = Encoding.ASCII.GetString(targetBytes);
        return ParseStatus.Complete;
    }

    private static string? KnownMethod(ReadOnlySpan<byte> m) => m.Length switch
    {
        3 when m.SequenceEqual("GET"u8) => "GET",
        3 when m.SequenceEqual("PUT"u8) => "PUT",
        4 when m.SequenceEqual("HEAD"u8) => "HEAD",
        4 when m.SequenceEqual("POST"u8) => "POST",
        6 when m.SequenceEqual("DELETE"u8) => "DELETE",
        7 when m.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ => null,
    };

    private static bool TryParseField(ReadOnlySpan<byte> line, out KeyValuePair<string, string> field)
    {
        field = default;
        if (line[0] == SP || line[0] == HT) return false;
        int colon = line.IndexOf(Colon);
        if (colon <= 0 || !IsToken(line[..colon])) return false;
        var value = line[(colon + 1)..];
        while (value.Length > 0 && (value[0] == SP || value[0] == HT)) value = value[1..];
        while (value.Length > 0 && (value[^1] == SP || value[^1] == HT)) value = value[..^1];
        foreach (byte b in value)
        {
            if ((b < SP && b != HT) || b == 0x7F) return false;
        }
        field = new(Encoding.ASCII.GetString(line[..colon]), Encoding.Latin1.GetString(value));
        return true;
    }

    /// <summary>True when every byte is an RFC 9110 tchar and there is at least one.</summary>
    internal static bool IsToken(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return false;
        foreach (byte b in bytes)
        {
            bool ok = char.IsAsciiLetterOrDigit((char)b) || "!#$%&'*+-.^_`|~"u8.IndexOf(b) >= 0;
            if (!ok) return false;
        }
        return true;
    }
}
